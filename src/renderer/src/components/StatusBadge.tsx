import type { RunStatus } from '../db/database';
import { STATUS_LABELS } from './format';

export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  return (
    <span className={`badge badge-${status}`} data-testid={testId} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
