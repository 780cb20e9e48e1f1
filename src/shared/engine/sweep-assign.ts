import type { Experiment } from '../schema/experiment';
import type { ParameterAlias } from '../schema/sweep';
import { isUnsafeKey } from '../schema/unsafe-keys';

// Setting one sweep parameter on an experiment: a dotted path (`model.layers[0].units`) or an
// alias for what the path cannot say in one place (every hidden layer's width, the number of
// layers, an optimizer swapped while its learning rate is kept). Works on a copy the caller owns;
// the caller validates the result against the experiment schema.

type Json = Record<string, unknown>;

/** `a.b[2].c` → ['a', 'b', 2, 'c']. */
export function parsePath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const part of path.split('.')) {
    const [name, ...indexes] = part.split('[');
    steps.push(name, ...indexes.map((index) => Number(index.slice(0, -1))));
  }
  return steps;
}

function setPath(target: Json, path: string, value: unknown): void {
  const steps = parsePath(path);
  // The schema refuses these already; this function must not rely on every caller having used it.
  const unsafe = steps.find((step) => typeof step === 'string' && isUnsafeKey(step));
  if (unsafe !== undefined) throw new Error(`${path}: '${unsafe}' cannot be a step of a parameter path`);
  let node: unknown = target;
  steps.slice(0, -1).forEach((step, i) => {
    const container = node as Json & unknown[];
    if (typeof step === 'number') {
      if (!Array.isArray(container) || step >= container.length) {
        throw new Error(`${path}: the base experiment has no ${formatSteps(steps.slice(0, i + 1))}`);
      }
    } else if (!Object.hasOwn(container, step) || container[step] === undefined) {
      // An optional block the base leaves out (training.earlyStopping): create it, the schema fills
      // its defaults. (An index into a list the base leaves out finds nothing: refused just below.)
      container[step] = {};
    } else if (typeof container[step] !== 'object' || container[step] === null) {
      throw new Error(`${path}: ${formatSteps(steps.slice(0, i + 1))} is a value, not an object`);
    }
    node = container[step as keyof typeof container];
  });
  const last = steps.at(-1)!;
  const container = node as Json & unknown[];
  if (typeof last === 'number' && (!Array.isArray(container) || last >= container.length)) {
    throw new Error(`${path}: the base experiment has no ${formatSteps(steps)}`);
  }
  (container as Json)[last as string] = value;
}

const formatSteps = (steps: (string | number)[]) =>
  steps.map((step, i) => (typeof step === 'number' ? `[${step}]` : `${i === 0 ? '' : '.'}${step}`)).join('');

/** Hidden layers are every layer but the output one. */
function hiddenLayers(experiment: Experiment): Experiment['model']['layers'] {
  return experiment.model.layers.slice(0, -1);
}

function applyAlias(experiment: Experiment, base: Experiment, alias: ParameterAlias, value: unknown): void {
  const { training, model } = experiment;
  const set = (object: object, key: string) => ((object as Json)[key] = value);
  switch (alias) {
    case 'learningRate':
      return void set(training.optimizer, 'learningRate');
    case 'optimizer': {
      // A new optimizer starts from its own defaults but keeps the learning rate being compared.
      const spec = typeof value === 'string' ? { name: value } : (value as Json);
      training.optimizer = { learningRate: training.optimizer.learningRate, ...spec } as Experiment['training']['optimizer'];
      return;
    }
    case 'batchSize':
    case 'epochs':
    case 'l2':
    case 'seed':
      return void set(training, alias);
    case 'init':
      return void set(model, 'init');
    case 'width':
    case 'activation':
    case 'dropout': {
      const key = alias === 'width' ? 'units' : alias;
      // A base without hidden layers is a mistake in the sweep; a depth of 0 in the same
      // combination only leaves no layer to change (a grid of depth × width includes it).
      if (hiddenLayers(base).length === 0) throw new Error(`${alias}: the base experiment has no hidden layer to change`);
      for (const layer of hiddenLayers(experiment)) set(layer, key);
      return;
    }
    case 'depth': {
      const hidden = hiddenLayers(experiment);
      const depth = value as number;
      if (!Number.isInteger(depth) || depth < 0) throw new Error(`depth: expected a whole number of hidden layers ≥ 0, got ${JSON.stringify(value)}`);
      if (depth > hidden.length && hidden.length === 0) throw new Error('depth: the base experiment has no hidden layer to repeat');
      // Deeper networks repeat the last hidden layer; shallower ones keep the first layers.
      const layers = Array.from({ length: depth }, (_, i) => structuredClone(hidden[Math.min(i, hidden.length - 1)]));
      model.layers = [...layers, model.layers.at(-1)!];
      return;
    }
  }
}

const isAlias = (name: string): name is ParameterAlias => !/[.[]/.test(name);

/**
 * A copy of `base` with the parameters set. Depth goes first so width, activation and dropout
 * apply to the layers the depth produced; the rest apply in the order given.
 */
export function assignParameters(base: Experiment, assignment: Record<string, unknown>): unknown {
  const experiment = structuredClone(base);
  const names = Object.keys(assignment).sort((a, b) => Number(b === 'depth') - Number(a === 'depth'));
  for (const name of names) {
    if (isAlias(name)) applyAlias(experiment, base, name, assignment[name]);
    else setPath(experiment as unknown as Json, name, assignment[name]);
  }
  return experiment;
}
