import { useState, type ReactNode } from 'react';
import './components.css';

// A scrolling list that renders only the rows in view (plus a few either side), so tens of
// thousands of equally tall rows scroll as smoothly as twenty. The header stays on top, and the
// content may be wider than the box (it then scrolls sideways with the header).

const OVERSCAN = 6;

export interface VirtualRowsProps {
  count: number;
  rowHeight: number;
  /** Height of the scrolling box in CSS pixels. */
  height: number;
  /** Full width of a row (the header's too), so wide tables scroll sideways. */
  width: number | string;
  header: ReactNode;
  renderRow(index: number, style: { top: number; height: number; width: number | string }): ReactNode;
  testId?: string;
}

export function VirtualRows({ count, rowHeight, height, width, header, renderRow, testId }: VirtualRowsProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index++) rows.push(renderRow(index, { top: index * rowHeight, height: rowHeight, width }));
  return (
    <div className="virtual-rows" style={{ maxHeight: height }} data-testid={testId} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
      <div className="virtual-rows-header" style={{ width }}>
        {header}
      </div>
      <div className="virtual-rows-body" style={{ height: count * rowHeight, width }}>
        {rows}
      </div>
    </div>
  );
}
