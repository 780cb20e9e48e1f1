import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { PARAMETER_ALIASES, type ParameterAlias } from '../../../../shared/schema/sweep';
import { navigate } from '../../app/routes';
import { useServices } from '../../app/services';
import { layersLabel } from '../../components/describe-experiment';
import { baseChoices, defaultBase } from './base-experiments';
import { DEFAULT_SWEEP_FORM, newParameterField, PARAMETER_HELP, PARAMETER_LABELS, parseSweepForm, type ParameterField, type SweepFormState } from './sweep-form';

// Defining a sweep: a base experiment, the parameters to vary (value lists or ranges), grid or
// random search, seeds per combination — and, before anything starts, how many runs that makes.

export function SweepForm() {
  const { experiments, runs, sweepRunner } = useServices();
  const savedExperiments = useLiveQuery(() => experiments.list(), [], []);
  const recentRuns = useLiveQuery(() => runs.list(), [], []);
  const choices = useMemo(() => baseChoices(savedExperiments, recentRuns), [savedExperiments, recentRuns]);
  const [baseId, setBaseId] = useState('default');
  const base = choices.find((choice) => choice.id === baseId) ?? defaultBase();
  const [form, setForm] = useState<SweepFormState>(DEFAULT_SWEEP_FORM);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const parsed = useMemo(() => parseSweepForm(form, base.experiment), [form, base]);
  const update = (patch: Partial<SweepFormState>) => setForm((current) => ({ ...current, ...patch }));
  const updateParameter = (index: number, patch: Partial<ParameterField>) =>
    update({ parameters: form.parameters.map((field, i) => (i === index ? { ...field, ...patch } : field)) });
  const unused = PARAMETER_ALIASES.filter((name) => !form.parameters.some((field) => field.name === name));

  async function start(event: FormEvent) {
    event.preventDefault();
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setStarting(true);
    try {
      const name = form.name.trim() || `${base.experiment.name ?? 'Sweep'}: ${form.parameters.map((field) => field.name).join(' × ')}`;
      const id = await sweepRunner.start(parsed.sweep, name);
      navigate({ page: 'sweeps', id });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setStarting(false);
    }
  }

  const { experiment } = base;
  return (
    <form className="panel sweep-form" onSubmit={start} data-testid="sweep-form" noValidate>
      <h2>New sweep</h2>
      <fieldset>
        <legend>Base experiment</legend>
        <label>
          Start from
          <select data-testid="sweep-base" title={base.label} value={base.id} onChange={(e) => setBaseId(e.target.value)}>
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <p className="muted base-summary" data-testid="sweep-base-summary">
          {'synthetic' in experiment.dataset ? experiment.dataset.synthetic : 'dataset'} · {layersLabel(experiment)} · {experiment.training.optimizer.name}{' '}
          {experiment.training.optimizer.learningRate} · {experiment.training.epochs} epochs · seed {experiment.training.seed}
        </p>
        <label>
          Name
          <input data-testid="sweep-name" placeholder="optional" value={form.name} onChange={(e) => update({ name: e.target.value })} />
        </label>
      </fieldset>

      <fieldset>
        <legend>Parameters</legend>
        <ol className="sweep-parameters">
          {form.parameters.map((field, index) => (
            <li key={field.name} className="sweep-parameter" data-testid={`sweep-parameter-${index}`}>
              <div className="sweep-parameter-head">
                <select aria-label={`Parameter ${index + 1}`} title={PARAMETER_HELP[field.name]} data-testid={`sweep-parameter-name-${index}`} value={field.name} onChange={(e) => updateParameter(index, newParameterField(e.target.value as ParameterAlias))}>
                  {[field.name, ...unused].map((name) => (
                    <option key={name} value={name}>
                      {PARAMETER_LABELS[name]}
                    </option>
                  ))}
                </select>
                <select aria-label={`Parameter ${index + 1} values`} data-testid={`sweep-parameter-mode-${index}`} value={field.mode} onChange={(e) => updateParameter(index, { mode: e.target.value as ParameterField['mode'] })}>
                  <option value="list">values</option>
                  <option value="range">range</option>
                </select>
                <button type="button" className="icon-button" aria-label={`Remove ${PARAMETER_LABELS[field.name]}`} onClick={() => update({ parameters: form.parameters.filter((_, i) => i !== index) })}>
                  ×
                </button>
              </div>
              {field.mode === 'list' ? (
                <input aria-label={`${PARAMETER_LABELS[field.name]} values`} data-testid={`sweep-parameter-values-${index}`} placeholder="comma-separated, e.g. 0.1, 0.01" value={field.list} onChange={(e) => updateParameter(index, { list: e.target.value })} />
              ) : (
                <div className="sweep-range">
                  <label>
                    min
                    <input data-testid={`sweep-parameter-min-${index}`} inputMode="decimal" value={field.min} onChange={(e) => updateParameter(index, { min: e.target.value })} />
                  </label>
                  <label>
                    max
                    <input data-testid={`sweep-parameter-max-${index}`} inputMode="decimal" value={field.max} onChange={(e) => updateParameter(index, { max: e.target.value })} />
                  </label>
                  <label title="Evenly spaced values; leave empty to sample continuously in random search">
                    steps
                    <input data-testid={`sweep-parameter-steps-${index}`} inputMode="numeric" value={field.steps} onChange={(e) => updateParameter(index, { steps: e.target.value })} />
                  </label>
                  <label>
                    scale
                    <select data-testid={`sweep-parameter-scale-${index}`} value={field.scale} onChange={(e) => updateParameter(index, { scale: e.target.value as ParameterField['scale'] })}>
                      <option value="linear">linear</option>
                      <option value="log">log</option>
                    </select>
                  </label>
                </div>
              )}
            </li>
          ))}
        </ol>
        {unused.length > 0 && (
          <button type="button" className="link-button add-parameter" data-testid="sweep-add-parameter" onClick={() => update({ parameters: [...form.parameters, newParameterField(unused[0])] })}>
            + Add parameter
          </button>
        )}
      </fieldset>

      <fieldset>
        <legend>Search</legend>
        <div className="pair">
          <label>
            Method
            <select data-testid="sweep-method" title="grid: every combination; random: distinct combinations drawn with a seed" value={form.method} onChange={(e) => update({ method: e.target.value as SweepFormState['method'] })}>
              <option value="grid">grid</option>
              <option value="random">random</option>
            </select>
          </label>
          <label title="Each combination runs with seeds base, base + 1, …">
            Seeds per combination
            <input data-testid="sweep-repeats" inputMode="numeric" value={form.repeats} onChange={(e) => update({ repeats: e.target.value })} />
          </label>
          {form.method === 'random' && (
            <>
              <label>
                Samples
                <input data-testid="sweep-samples" inputMode="numeric" value={form.samples} onChange={(e) => update({ samples: e.target.value })} />
              </label>
              <label>
                Sampling seed
                <input data-testid="sweep-random-seed" inputMode="numeric" value={form.randomSeed} onChange={(e) => update({ randomSeed: e.target.value })} />
              </label>
            </>
          )}
        </div>
        <label className="halving" title="Successive halving: every combination trains to the first of these epochs, the better half (by validation loss, or train loss without validation) goes on to the next, and the last survivors train the full epochs">
          Halving at epochs
          <input data-testid="sweep-halving" placeholder="optional, e.g. 10, 30" value={form.halvingAt} onChange={(e) => update({ halvingAt: e.target.value })} />
        </label>
      </fieldset>

      {'error' in parsed ? (
        <p className="form-error" role="alert" data-testid="sweep-problem">
          {parsed.error}
        </p>
      ) : (
        <p className="sweep-count" data-testid="sweep-count" data-runs={parsed.plan.runs.length}>
          <strong>{parsed.plan.runs.length} runs</strong> · {parsed.plan.combinations} combination{parsed.plan.combinations === 1 ? '' : 's'} × {parsed.sweep.repeats} seed
          {parsed.sweep.repeats === 1 ? '' : 's'}
          {parsed.sweep.halving && ` · halving at ${parsed.sweep.halving.at.join(', ')} epochs`}
        </p>
      )}
      {error && !('error' in parsed) && (
        <p className="form-error" role="alert" data-testid="sweep-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" data-testid="sweep-start" disabled={starting || 'error' in parsed}>
        Start sweep
      </button>
    </form>
  );
}
