import { NumberField } from './NumberField';

// Mini-batch size, or the full batch (every training row in every step: plain gradient descent).
// An empty box is the schema's default, which the placeholder names.

interface BatchSizeFieldProps {
  value: number | 'full' | undefined;
  onChange: (value: number | 'full' | undefined) => void;
  issue?: string;
  /** The size the box starts from when "full batch" is unticked. */
  unticked: number;
  /** What an empty box means. */
  placeholder: string;
  /** A narrow column: the box's label says "Batch size", so the tick box says only "full". */
  compact?: boolean;
}

export function BatchSizeField({ value, onChange, issue, unticked, placeholder, compact }: BatchSizeFieldProps) {
  return (
    <div className="field batch-size">
      Batch size
      <div className="inline">
        {value !== 'full' && <NumberField label="" ariaLabel="Batch size" testId="batch-size" placeholder={placeholder} value={value} issue={issue} onChange={onChange} />}
        <label className="checkbox" title="Every training row in every step: plain gradient descent">
          <input type="checkbox" data-testid="full-batch" checked={value === 'full'} onChange={(event) => onChange(event.target.checked ? 'full' : unticked)} />
          {compact ? 'full' : 'full batch'}
        </label>
      </div>
    </div>
  );
}
