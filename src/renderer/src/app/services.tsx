import { createContext, useContext, type ReactNode } from 'react';
import type { DatasetsRepository } from '../db/datasets-repository';
import type { ExperimentsRepository } from '../db/experiments-repository';
import type { RunsRepository } from '../db/runs-repository';
import type { SweepsRepository } from '../db/sweeps-repository';
import type { RunLauncher } from '../features/runs/run-launcher';
import type { SweepRunner } from '../features/sweeps/sweep-runner';

// What the pages need from outside React, created once in main.tsx and handed down, so pages
// never reach for globals and a test can render them with its own database and host.

export interface Services {
  runs: RunsRepository;
  experiments: ExperimentsRepository;
  datasets: DatasetsRepository;
  launcher: RunLauncher;
  sweeps: SweepsRepository;
  sweepRunner: SweepRunner;
  hostKind: 'browser' | 'electron';
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesProvider>');
  return services;
}
