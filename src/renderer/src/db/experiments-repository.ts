import type { ExperimentInput } from '../../../shared/schema/experiment';
import type { ExperimentRecord, WorkbenchDatabase } from './database';

// Saved experiments. The editor saves as the user types, so a record holds the experiment as
// written (schema input, possibly not valid yet); runs take a parsed, valid snapshot of it.

export interface NewExperiment {
  name: string;
  notes?: string;
  experiment: ExperimentInput;
}

export type ExperimentChanges = Partial<Pick<ExperimentRecord, 'name' | 'notes' | 'experiment'>>;

export class ExperimentsRepository {
  constructor(
    private readonly db: WorkbenchDatabase,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  async create({ name, notes = '', experiment }: NewExperiment): Promise<ExperimentRecord> {
    const at = this.now();
    const record: ExperimentRecord = { id: this.newId(), name, notes, experiment, createdAt: at, updatedAt: at };
    await this.db.experiments.add(record);
    return record;
  }

  async update(id: string, changes: ExperimentChanges): Promise<void> {
    const updated = await this.db.experiments.update(id, { ...changes, updatedAt: this.now() });
    if (updated === 0) throw new Error(`Experiment ${id} does not exist (any more).`);
  }

  /** A copy named "… (copy)", with the notes, as a new experiment. */
  async clone(id: string): Promise<ExperimentRecord> {
    const source = await this.db.experiments.get(id);
    if (!source) throw new Error(`Experiment ${id} does not exist (any more).`);
    return this.create({ name: `${source.name} (copy)`, notes: source.notes, experiment: structuredClone(source.experiment) });
  }

  /** Runs keep their own snapshot of the experiment, so deleting it leaves them intact. */
  async delete(id: string): Promise<void> {
    await this.db.experiments.delete(id);
  }

  get(id: string): Promise<ExperimentRecord | undefined> {
    return this.db.experiments.get(id);
  }

  /** Most recently edited first. */
  list(): Promise<ExperimentRecord[]> {
    return this.db.experiments.orderBy('updatedAt').reverse().toArray();
  }
}
