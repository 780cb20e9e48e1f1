import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { serializeWeights } from '../../../../shared/nn/weights-json';
import { navigate } from '../../app/routes';
import { useServices } from '../../app/services';
import type { RunRecord, RunWeightsRecord } from '../../db/database';
import { downloadText, fileSafeName } from '../../files/download';
import { ExportDialog } from '../export/ExportDialog';
import { inspectRunRoute } from '../inspector/inspector-route';
import { continuation } from './continuation';
import { isActive } from '../../components/format';
import { ForkPanel } from './ForkPanel';

// What can be done with a run: repeat it (same experiment, same seed ⇒ the same curve), continue
// training from its checkpoint (or, for older runs, its weights), fork it from its checkpoint under
// other training settings, take its checkpoint away for the
// CLI's --resume, take its weights away as a weights JSON v1 file or export the network
// to ONNX, NumPy or safetensors, delete it.

export function RunActions({ run, weights }: { run: RunRecord; weights: RunWeightsRecord | undefined }) {
  const { launcher, runs } = useServices();
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [forking, setForking] = useState(false);
  const active = isActive(run.status);
  const checkpoint = useLiveQuery(() => runs.checkpoint(run.id), [run.id, run.status, run.epochsDone])?.checkpoint;
  // A run the command line trained on a file: its data here is the app's copy, which training would not read as the CLI did.
  const retrainable = run.cliDataset === undefined;
  const elsewhere = `Trained by the command line on ${run.cliDataset}: train it there again (nn-workbench train, with its experiment)`;
  const next = retrainable ? continuation(run, checkpoint, weights?.final) : { unavailable: elsewhere };

  async function start(options: Parameters<typeof launcher.launch>[1], experiment = run.experiment) {
    try {
      const id = await launcher.launch(experiment, options);
      navigate({ page: 'runs', id });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }


  async function remove() {
    if (!window.confirm(`Delete the run “${run.name}” with its history and weights?`)) return;
    if (active) launcher.cancel(run.id);
    await runs.delete(run.id);
    navigate({ page: 'runs' });
  }

  const exportWeights = (which: 'final' | 'best') => {
    const file = weights?.[which];
    if (file) downloadText(`${fileSafeName(run.name)}${which === 'best' ? '.best' : ''}.weights.json`, serializeWeights(file));
  };

  return (
    <div className="run-actions">
      <div className="actions">
        <button type="button" data-testid="rerun" disabled={active || !retrainable} title={retrainable ? 'Train the same experiment with the same seed again' : elsewhere} onClick={() => void start({ experimentId: run.experimentId })}>
          Rerun
        </button>
        <button
          type="button"
          data-testid="continue-training"
          disabled={active || 'unavailable' in next}
          title={'unavailable' in next ? next.unavailable : next.title}
          onClick={() => {
            if ('unavailable' in next) return;
            const { experiment, resume, initialWeights } = next;
            void start({ experimentId: run.experimentId, continuedFrom: run.id, ...(resume ? { resume } : {}), ...(initialWeights ? { initialWeights } : {}) }, experiment);
          }}
        >
          Continue training
        </button>
        <button
          type="button"
          data-testid="fork-run"
          disabled={active || !checkpoint}
          aria-expanded={forking}
          title={
            checkpoint
              ? `Go on from the checkpoint of epoch ${checkpoint.epoch} with other training settings (learning rate, optimizer, schedule, epochs, …)`
              : 'This run has no checkpoint to fork from (it was trained before checkpoints were kept, or ended before its first epoch)'
          }
          onClick={() => setForking((open) => !open)}
        >
          Fork…
        </button>
        <button
          type="button"
          data-testid="inspect-step"
          disabled={!retrainable}
          title={retrainable ? 'See every number of one training step of this run: forward, backward and the update' : elsewhere}
          onClick={() => navigate(inspectRunRoute(run.id))}
        >
          Inspect a step
        </button>
        {checkpoint && (
          <button
            type="button"
            data-testid="export-checkpoint"
            title="Continue or fork it on the command line: nn-workbench train experiment.json --resume this-file"
            onClick={() => downloadText(`${fileSafeName(run.name)}.epoch-${checkpoint.epoch}.checkpoint.json`, JSON.stringify(checkpoint))}
          >
            Export checkpoint (epoch {checkpoint.epoch})
          </button>
        )}
        <button type="button" data-testid="export-weights" disabled={!weights?.final} onClick={() => exportWeights('final')}>
          Export weights
        </button>
        <button type="button" data-testid="export-model" disabled={!weights?.final} title="ONNX, NumPy .npz or safetensors, checked against the workbench's predictions" onClick={() => setExporting(true)}>
          Export…
        </button>
        {weights?.best && run.bestEpoch !== undefined && run.bestEpoch !== run.epochsDone && (
          <button type="button" data-testid="export-best-weights" onClick={() => exportWeights('best')}>
            Export best (epoch {run.bestEpoch})
          </button>
        )}
        {run.experimentId && (
          <button type="button" data-testid="open-experiment" onClick={() => navigate({ page: 'experiments', id: run.experimentId })}>
            Experiment
          </button>
        )}
        <button type="button" data-testid="delete-run" onClick={() => void remove()}>
          Delete
        </button>
      </div>
      {forking && checkpoint && !active && (
        <ForkPanel
          key={checkpoint.epoch}
          run={run}
          checkpoint={checkpoint}
          epochs={'experiment' in next ? next.experiment.training.epochs : checkpoint.epoch + 1}
          onStart={(experiment, options) => {
            setForking(false);
            void start(options, experiment);
          }}
          onClose={() => setForking(false)}
        />
      )}
      {exporting && weights?.final && <ExportDialog run={run} weights={weights} onClose={() => setExporting(false)} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
