import { INITIALIZERS, type InitParamName } from '../../../../shared/nn/initializers';
import type { InitSpec } from '../../../../shared/schema/experiment';
import { INITIALIZER_NAMES, type InitializerName } from '../../../../shared/schema/names';
import { NumberField } from '../../components/NumberField';

// An initializer picked from the core's registry, with the parameters that initializer takes
// (uniform low/high, normal mean/std, constant value) and their defaults as placeholders.

const nameOf = (spec: InitSpec) => (typeof spec === 'string' ? spec : spec.name);

interface InitSelectProps {
  label: string;
  value: InitSpec | undefined;
  onChange: (spec: InitSpec | undefined) => void;
  testId: string;
  /** Offer "as the model" (per-layer override off). */
  inheritLabel?: string;
  issue?: string;
}

export function InitSelect({ label, value, onChange, testId, inheritLabel, issue }: InitSelectProps) {
  const name = value === undefined ? '' : nameOf(value);
  const params = name ? (Object.keys(INITIALIZERS[name as InitializerName].defaults) as InitParamName[]) : [];
  const setParam = (param: InitParamName, number: number | undefined) => {
    const current = typeof value === 'object' ? value : { name: name as InitializerName };
    onChange({ ...current, [param]: number });
  };
  return (
    <div className="init-select">
      <label className={issue ? 'field invalid' : 'field'}>
        {label}
        <select data-testid={testId} value={name} onChange={(event) => onChange(event.target.value ? (event.target.value as InitializerName) : undefined)}>
          {inheritLabel && <option value="">{inheritLabel}</option>}
          {INITIALIZER_NAMES.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
        {issue && <span className="field-issue">{issue}</span>}
      </label>
      {params.map((param) => (
        <NumberField
          key={param}
          label={param}
          testId={`${testId}-${param}`}
          value={typeof value === 'object' ? value[param] : undefined}
          placeholder={String(INITIALIZERS[name as InitializerName].defaults[param])}
          onChange={(number) => setParam(param, number)}
        />
      ))}
    </div>
  );
}
