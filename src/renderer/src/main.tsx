import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ServicesProvider, type Services } from './app/services';
import './app/styles.css';
import { WorkbenchDatabase } from './db/database';
import { DatasetsRepository } from './db/datasets-repository';
import { ExperimentsRepository } from './db/experiments-repository';
import { RunsRepository } from './db/runs-repository';
import { SweepsRepository } from './db/sweeps-repository';
import { loadBuiltinDataset } from './features/datasets/builtin-dataset-loader';
import { createDatasetLoader } from './features/datasets/load-dataset';
import { recoverInterruptedRuns } from './features/runs/recover-interrupted-runs';
import { createRunLauncher } from './features/runs/run-launcher';
import { createSweepRunner } from './features/sweeps/sweep-runner';
import { createTrainingHost } from './host';
import { defaultConcurrency } from './host/browser-host';
import { applyDeviceMemory } from './host/machine-memory';

async function start(): Promise<void> {
  // The experiment editor checks a run's memory against the same budget the training worker applies.
  applyDeviceMemory();
  const db = new WorkbenchDatabase();
  const runs = new RunsRepository(db);
  await recoverInterruptedRuns(runs);
  const host = createTrainingHost();
  const datasets = new DatasetsRepository(db);
  const launcher = createRunLauncher({ host, repository: runs, loadDataset: createDatasetLoader(datasets, loadBuiltinDataset) });
  const sweeps = new SweepsRepository(db);
  // Both hosts train on all cores but one; a sweep keeps exactly that many runs in flight.
  const sweepRunner = createSweepRunner({ sweeps, runs, launcher, slots: defaultConcurrency() });
  await sweepRunner.restore();
  const services: Services = {
    runs,
    experiments: new ExperimentsRepository(db),
    datasets,
    launcher,
    sweeps,
    sweepRunner,
    hostKind: host.kind,
  };
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ServicesProvider services={services}>
        <App />
      </ServicesProvider>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  // Without its database the app cannot show or keep anything: say why instead of a blank window.
  const message = document.createElement('p');
  message.className = 'startup-error';
  message.textContent = `NN Workbench could not start: ${error instanceof Error ? error.message : String(error)}`;
  document.getElementById('root')!.replaceChildren(message);
});
