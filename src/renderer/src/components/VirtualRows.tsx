import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import './components.css';

// A scrolling list that renders only the rows in view (plus a few either side), so tens of
// thousands of equally tall rows scroll as smoothly as twenty. The header stays on top, and the
// content may be wider than the box (it then scrolls sideways with the header). Which rows are in
// view is @tanstack/react-virtual's job, as in the Runs list: one virtualizer in the app.

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
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    // The box's height is known before it is measured, so the first paint already has its rows.
    initialRect: { width: 0, height },
  });
  return (
    <div ref={scroller} className="virtual-rows" style={{ maxHeight: height }} data-testid={testId}>
      <div className="virtual-rows-header" style={{ width }}>
        {header}
      </div>
      <div className="virtual-rows-body" style={{ height: virtualizer.getTotalSize(), width }}>
        {virtualizer.getVirtualItems().map((item) => renderRow(item.index, { top: item.start, height: rowHeight, width }))}
      </div>
    </div>
  );
}
