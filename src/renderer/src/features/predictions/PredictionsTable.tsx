import { useMemo, useState } from 'react';
import { VirtualRows } from '../../components/VirtualRows';
import { LOSS_LABELS } from '../../components/describe-experiment';
import { LOSSES } from '../../../../shared/nn/losses';
import { formatNumber } from './format-number';
import { predictionColumns } from './prediction-columns';
import { isMistake, orderRows, WORST_FIRST, type RowOrder, type SortColumn } from './prediction-order';
import type { PredictionTable, SplitName } from './prediction-table';
import './predictions.css';

// The predictions of one network, row by row: pick the split, sort by any column (the loss, worst
// first, to begin with), keep only the mistakes. Only the rows in view are drawn.

const ROW_HEIGHT = 34;
const TABLE_HEIGHT = 440;

const SPLIT_LABELS: Record<SplitName, string> = { train: 'Training rows', validation: 'Validation rows', test: 'Test rows', all: 'All rows' };

/** Descending first where bigger is what one looks for: the loss and the outputs. */
const startsDescending = (column: SortColumn) => column === 'loss' || column.startsWith('A:');

function lossNote(table: PredictionTable): string {
  const combined = LOSSES[table.loss].meanOverSamples ? 'their mean' : 'their sum';
  const origin =
    table.lossOrigin === 'experiment' ? "the run's loss" : table.lossOrigin === 'weights file' ? "the loss of the weights file's experiment" : 'no experiment in the file: the usual loss for its output layer';
  return `Loss: ${LOSS_LABELS[table.loss]} (${origin}) of each row alone; ${combined} is the loss of the rows.`;
}

/** `onInspectRow`: where a row number leads (the step inspector on that row), for a run's table. */
export function PredictionsTable({ table, onInspectRow }: { table: PredictionTable; onInspectRow?: (row: number) => void }) {
  const [splitName, setSplitName] = useState<SplitName>(() => (table.splits.some((s) => s.name === 'validation') ? 'validation' : table.splits[0].name));
  const [order, setOrder] = useState<RowOrder>(WORST_FIRST);
  const split = table.splits.find((s) => s.name === splitName) ?? table.splits[0];
  const columns = useMemo(() => predictionColumns(table, onInspectRow), [table, onInspectRow]);
  const listed = useMemo(() => orderRows(table, split.rows, order), [table, split, order]);
  const mistakes = useMemo(() => (table.predicted ? split.rows.filter((row) => isMistake(table, row)).length : 0), [table, split]);
  const totalLoss = useMemo(() => split.rows.reduce((sum, row) => sum + table.rowLoss[row], 0), [table, split]);
  const splitLoss = LOSSES[table.loss].meanOverSamples ? totalLoss / split.rows.length : totalLoss;

  const template = columns.map((column) => `${column.width}px`).join(' ');
  const width = columns.reduce((sum, column) => sum + column.width, 0);

  function sortBy(column: SortColumn) {
    setOrder((current) => ({ ...current, column, descending: current.column === column ? !current.descending : startsDescending(column) }));
  }

  const header = (
    <div className="prediction-row prediction-header" role="row" style={{ gridTemplateColumns: template }}>
      {columns.map((column) => {
        const sorted = order.column === column.key;
        const label = (
          <>
            <span className="header-label">{column.header}</span>
            {column.sub && <span className="header-sub">{column.sub}</span>}
          </>
        );
        return (
          <div key={column.id} role="columnheader" className={column.numeric ? 'numeric' : undefined} title={column.title} aria-sort={sorted ? (order.descending ? 'descending' : 'ascending') : 'none'} data-column={column.id}>
            {column.key === null ? (
              label
            ) : (
              <button type="button" className="sort-button" onClick={() => sortBy(column.key!)} data-testid={`sort-${column.key}`}>
                {label}
                {sorted && <span className="sort-mark">{order.descending ? '▼' : '▲'}</span>}
              </button>
            )}
          </div>
        );
      })}
    </div>
  );

  return (
    <div className="predictions" data-testid="predictions">
      <div className="predictions-controls">
        <div className="segmented" role="group" aria-label="Rows">
          {table.splits.map((s) => (
            <button key={s.name} type="button" className={s.name === split.name ? 'selected' : undefined} aria-pressed={s.name === split.name} onClick={() => setSplitName(s.name)} data-testid={`predictions-split-${s.name}`}>
              {SPLIT_LABELS[s.name]} ({s.rows.length.toLocaleString('en-US')})
            </button>
          ))}
        </div>
        {table.predicted && (
          <label className="checkbox">
            <input type="checkbox" checked={order.mistakesOnly} onChange={(event) => setOrder({ ...order, mistakesOnly: event.target.checked })} data-testid="predictions-mistakes" />
            Only mistakes ({mistakes.toLocaleString('en-US')})
          </label>
        )}
        {(order.column !== 'loss' || !order.descending) && (
          <button type="button" className="link-button" onClick={() => setOrder({ ...WORST_FIRST, mistakesOnly: order.mistakesOnly })} data-testid="predictions-worst-first">
            Worst first
          </button>
        )}
      </div>
      <p className="muted predictions-summary" data-testid="predictions-summary" data-rows={listed.length} data-loss={splitLoss}>
        {split.rows.length.toLocaleString('en-US')} {split.name === 'all' ? 'rows' : SPLIT_LABELS[split.name].toLowerCase()}
        {table.predicted && ` · ${(split.rows.length - mistakes).toLocaleString('en-US')} right (${formatNumber((100 * (split.rows.length - mistakes)) / split.rows.length, 3)} %)`}
        {` · ${LOSSES[table.loss].meanOverSamples ? 'mean' : 'total'} loss ${formatNumber(splitLoss)}`}
        {order.mistakesOnly && ` · showing the ${listed.length.toLocaleString('en-US')} mistakes`}
        <br />
        {lossNote(table)}
      </p>
      <VirtualRows
        count={listed.length}
        rowHeight={ROW_HEIGHT}
        height={TABLE_HEIGHT}
        width={width}
        header={header}
        testId="predictions-table"
        renderRow={(index, style) => {
          const row = listed[index];
          return (
            <div key={row} role="row" className={`prediction-row${isMistake(table, row) ? ' mistake' : ''}`} style={{ ...style, gridTemplateColumns: template }} data-testid="prediction-row" data-row={row} data-loss={table.rowLoss[row]}>
              {columns.map((column) => {
                const { content, title, style: cellStyle, className } = column.cell(row);
                return (
                  <div key={column.id} role="cell" className={[column.numeric ? 'numeric' : '', className ?? ''].join(' ').trim() || undefined} style={cellStyle} title={title} data-column={column.id}>
                    {content}
                  </div>
                );
              })}
            </div>
          );
        }}
      />
      {listed.length === 0 && (
        <p className="muted" data-testid="predictions-empty">
          {order.mistakesOnly ? 'No mistakes on these rows.' : 'No rows.'}
        </p>
      )}
    </div>
  );
}
