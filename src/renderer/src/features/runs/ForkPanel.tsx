import { useMemo, useState } from 'react';
import { describeForkChanges, planFork } from '../../../../shared/engine/fork';
import type { CheckpointFile } from '../../../../shared/schema/checkpoint';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../shared/schema/experiment';
import type { RunRecord } from '../../db/database';
import { issuesByField } from '../experiments/experiment-draft';
import { TrainingFields } from '../experiments/TrainingFields';
import type { LaunchOptions } from './run-launcher';

// Fork: go on from the run's checkpoint under other training settings. The settings start as the
// checkpoint's own (with the epochs "Continue training" would train to, so unchanged they are that
// continuation, bit for bit); every change is listed as it is made, and a change a fork cannot take
// (seed, validation share, number type: what the checkpoint is made of) shows under its field with why.
// The model is not offered: the checkpoint's weights only fit its own layers.

interface ForkPanelProps {
  run: RunRecord;
  checkpoint: CheckpointFile;
  /** Where "Continue training" would go: the fork's epochs to begin with. */
  epochs: number;
  onStart: (experiment: Experiment, options: LaunchOptions) => void;
  onClose: () => void;
}

type Training = ExperimentInput['training'];

export function ForkPanel({ run, checkpoint, epochs, onStart, onClose }: ForkPanelProps) {
  const [training, setTraining] = useState<Training>(() => ({ ...checkpoint.experiment.training, epochs }));
  const { fork, issues, plan } = useMemo(() => {
    const parsed = ExperimentSchema.safeParse({ ...checkpoint.experiment, training });
    if (!parsed.success) return { issues: issuesByField(parsed.error) };
    const issues = new Map<string, string>();
    const plan = planFork(checkpoint.experiment, parsed.data, checkpoint.epoch);
    for (const { field, reason } of plan.refused) issues.set(field, `A fork cannot change this: ${reason}.`);
    return { fork: parsed.data, issues, plan };
  }, [training, checkpoint]);
  const ready = fork && plan && plan.refused.length === 0;

  return (
    <section className="panel fork-panel" data-testid="fork-panel">
      <header className="fork-header">
        <h3>Fork from the checkpoint of epoch {checkpoint.epoch}</h3>
        <button type="button" className="icon-button" aria-label="Close the fork panel" onClick={onClose}>
          ×
        </button>
      </header>
      <p className="muted">
        A new run goes on from this run’s state at epoch {checkpoint.epoch} (weights, optimizer state, random streams, row order, best epoch) under the settings
        below. Unchanged, it is “Continue training”, to the bit. The network and loss stay the checkpoint’s: its weights only fit them.
      </p>
      <TrainingFields training={training} ownSplit={false} issues={issues} onChange={setTraining} />
      {plan && (
        <div className="fork-summary" data-testid="fork-summary">
          <p data-testid="fork-changes">
            <strong>Changed:</strong> {describeForkChanges(plan.changes)}
          </p>
          {plan.notes.map((note) => (
            <p key={note} className="pairing-warning" role="note" data-testid="fork-note">
              {note}
            </p>
          ))}
          {plan.refused.length > 0 && (
            <ul className="form-error" role="alert" data-testid="fork-refused">
              {plan.refused.map(({ field, reason }) => (
                <li key={field}>
                  {field}: a fork cannot change this, since {reason}.
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="start-fork"
          disabled={!ready}
          onClick={() => fork && plan && onStart(fork, { experimentId: run.experimentId, continuedFrom: run.id, resume: checkpoint, forkChanges: plan.changes })}
        >
          Start the fork
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </section>
  );
}
