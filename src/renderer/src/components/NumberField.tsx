import { useEffect, useState } from 'react';

// A number box that keeps the text the user types ("0.", "1e-") while reporting the number it
// means: undefined when empty, NaN when it is not a number, so the schema can say what is wrong.
// A change from outside (a new seed, another experiment) replaces the text.

const parse = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
const same = (a: number | undefined, b: number | undefined) => a === b || (Number.isNaN(a) && Number.isNaN(b));

interface NumberFieldProps {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  issue?: string;
  testId: string;
  /** The box's accessible name when the visible label is left empty (a compact row). */
  ariaLabel?: string;
  placeholder?: string;
  title?: string;
  disabled?: boolean;
}

export function NumberField({ label, value, onChange, issue, testId, ariaLabel, placeholder, title, disabled }: NumberFieldProps) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (!same(parse(text), value)) setText(value === undefined ? '' : String(value));
  }, [value]); // only an outside change of the value rewrites the text
  return (
    <label className={issue ? 'field invalid' : 'field'} title={title}>
      {label}
      <input
        data-testid={testId}
        aria-label={ariaLabel}
        inputMode="decimal"
        placeholder={placeholder}
        disabled={disabled}
        value={disabled ? '' : text}
        aria-invalid={issue ? true : undefined}
        onChange={(event) => {
          setText(event.target.value);
          onChange(parse(event.target.value));
        }}
      />
      {issue && (
        <span className="field-issue" data-testid={`${testId}-issue`}>
          {issue}
        </span>
      )}
    </label>
  );
}

/** A message under a group of fields (a layer, a select). */
export function FieldIssue({ issue, testId }: { issue?: string; testId: string }) {
  if (!issue) return null;
  return (
    <span className="field-issue" data-testid={testId}>
      {issue}
    </span>
  );
}
