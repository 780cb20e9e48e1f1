import { readFileSync } from 'node:fs';
import { READING_OPTIONS_HELP } from './csv-reading';

// What `nn-workbench --help` and `nn-workbench <command> --help` print: one entry per command, in
// the order the overview lists them. A new command adds its entry here beside its line in the
// command table (index.ts).

export interface CommandHelp {
  name: string;
  /** The synopsis: arguments and options. */
  usage: string;
  summary: string;
  options: [flag: string, meaning: string][];
  examples: string[];
}

export const COMMAND_HELP: CommandHelp[] = [
  {
    name: 'train',
    usage:
      'train <experiment.json> [--out weights.json] [--init weights.json] [--metrics metrics.jsonl] [--checkpoint file [--checkpoint-every N]] [--resume checkpoint.json] [--epochs M]',
    summary:
      'Trains the experiment (dataset, model, training settings) and reports each epoch. Ctrl-C or SIGTERM stops between batches and still writes the weights reached and the checkpoint of the last completed epoch. A checkpoint holds the weights, the optimizer state, the random streams, the row order and the best epoch so far; a run continued from a checkpoint ends with the same weights, to the bit, as one that never stopped. Without <experiment.json>, --resume continues the checkpoint’s own experiment; with one, it forks: the checkpoint’s state trained on with that file’s hyperparameters.',
    options: [
      ['--out weights.json', 'write the trained weights (after early stopping: the best epoch’s)'],
      ['--init weights.json', 'start from these weights instead of a fresh initialization'],
      ['--metrics metrics.jsonl', 'one JSON line per epoch: metrics, epochSeconds, totalSeconds'],
      ['--checkpoint file', 'keep the latest checkpoint there, replaced atomically, and one at the end'],
      ['--checkpoint-every N', 'write it every N epochs, at most once a second (default 10)'],
      ['--resume checkpoint.json', 'continue from this checkpoint: epochs count on from its epoch'],
      ['--epochs M', 'train to epoch M instead of the experiment’s epochs'],
    ],
    examples: [
      'nn-workbench train test/fixtures/iris.experiment.json --out iris.weights.json --metrics iris.jsonl',
      'nn-workbench train iris.experiment.json --init iris.weights.json --out iris-more.weights.json',
      'nn-workbench train iris.experiment.json --checkpoint iris.ckpt.json --checkpoint-every 5 --out iris.weights.json',
      'nn-workbench train --resume iris.ckpt.json --epochs 200 --checkpoint iris.ckpt.json --out iris.weights.json',
      'nn-workbench train iris-lower-rate.experiment.json --resume iris.ckpt.json --out iris-fork.weights.json',
    ],
  },
  {
    name: 'predict',
    usage: 'predict <weights.json> <data.csv> [--out predictions.csv] [--header-line N|none] [--skip-lines N] [--delimiter d] [--decimal m] [--thousands s] [--encoding e]',
    summary:
      'Predicts every row of a CSV with trained weights: the class and one probability per class, or the values of a regression. Reports the accuracy on stderr when the CSV holds the target column. The CSV is read the way the training file was (the experiment’s headerLine, skipLines, header, delimiter, decimal, thousands, encoding; the rest detected); an option given here wins.',
    options: [['--out predictions.csv', 'write the predictions there instead of to stdout'], ...READING_OPTIONS_HELP],
    examples: ['nn-workbench predict iris.weights.json test/fixtures/iris.csv --out predictions.csv'],
  },
  {
    name: 'gradcheck',
    usage: 'gradcheck <experiment.json>',
    summary: 'Compares backpropagation with central finite differences (float64) for the experiment’s model on a few rows; exits 1 when they disagree.',
    options: [],
    examples: ['nn-workbench gradcheck test/fixtures/iris.experiment.json'],
  },
  {
    name: 'inspect',
    usage: 'inspect <experiment.json> [--init weights.json] [--rows 0,3 | --batch k] [--epoch N]',
    summary: 'Prints every number of one training step (forward, loss, backward, update, gradient check) as JSON, as the app’s step inspector shows it.',
    options: [
      ['--init weights.json', 'inspect from these weights (taken as epoch N’s)'],
      ['--rows 0,3', 'the dataset rows (0-based) to run the step on'],
      ['--batch k', 'or batch k of the next epoch (default 1)'],
      ['--epoch N', 'replay the run to epoch N first (default 0: the seeded initialization)'],
    ],
    examples: ['nn-workbench inspect test/fixtures/iris.experiment.json --rows 0,50,100', 'nn-workbench inspect iris.experiment.json --epoch 10 --batch 2'],
  },
  {
    name: 'sweep',
    usage: 'sweep <sweep.json> [--parallel N] [--shard k/N] [--out results.jsonl] [--weights-dir dir] [--retry failed]',
    summary:
      'Trains every run of a sweep (a base experiment, the parameters to vary, seeds) in worker processes and appends one JSON line per run as it ends. Started again with the same --out, it resumes. A run whose worker process crashed fails alone (exit code 3 when some runs failed).',
    options: [
      ['--parallel N', 'worker processes (default: every core)'],
      ['--shard k/N', 'train only the k-th of N slices of the runs (for many machines; join with merge)'],
      ['--out results.jsonl', 'where results go (default <sweep>.results.jsonl)'],
      ['--weights-dir dir', 'write each run’s weights there (created when missing)'],
      ['--retry failed', 'on resume, train again the runs that failed (a diverged run fails again)'],
    ],
    examples: [
      'nn-workbench sweep test/fixtures/breast-cancer.sweep.json --parallel 2 --weights-dir weights',
      'nn-workbench sweep my.sweep.json --shard 2/4 --out results-2.jsonl',
    ],
  },
  {
    name: 'merge',
    usage: 'merge <results.jsonl>... [--out merged.jsonl]',
    summary: 'Joins the results files of a sweep’s shards in plan order, one line per run, and says which runs are missing.',
    options: [['--out merged.jsonl', 'write the merged lines there instead of to stdout']],
    examples: ['nn-workbench merge results-*.jsonl --out merged.jsonl'],
  },
  {
    name: 'export',
    usage: 'export <weights.json> --format onnx|npz|safetensors|json --out file [--verify data.csv] [--dtype float32|float64] [--header-line N|none] [--skip-lines N] [--delimiter d] [--decimal m] [--thousands s] [--encoding e]',
    summary:
      'Exports trained weights for other tools, reads the file back through the format’s own runtime or reader and compares its predictions with the workbench’s before keeping it. The --verify CSV is read as predict reads it: as the training file was, unless the reading options say otherwise.',
    options: [
      ['--format onnx|npz|safetensors|json', 'the file format (required)'],
      ['--out file', 'where the export goes (required)'],
      ['--verify data.csv', 'compare predictions on these rows (default: probe rows)'],
      ['--dtype float32|float64', 'the numbers’ precision (default float32)'],
      ...READING_OPTIONS_HELP,
    ],
    examples: ['nn-workbench export iris.weights.json --format onnx --out iris.onnx --verify test/fixtures/iris.csv', 'nn-workbench export iris.weights.json --format safetensors --out iris.safetensors'],
  },
];

/** The version in package.json, two levels above both src/cli and the bundle in out/cli. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function overview(): string {
  return [
    'Usage:',
    ...COMMAND_HELP.map((command) => `  nn-workbench ${command.usage}`),
    '',
    "Run 'nn-workbench <command> --help' for a command's options and examples; 'nn-workbench --version' for the version.",
  ].join('\n');
}

/** Lines of at most `width` characters, broken between words. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

export function commandHelp(help: CommandHelp): string {
  const width = Math.max(0, ...help.options.map(([flag]) => flag.length));
  return [
    `Usage: nn-workbench ${help.usage}`,
    '',
    ...wrap(help.summary),
    ...(help.options.length ? ['', 'Options:', ...help.options.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`)] : []),
    '',
    'Examples:',
    ...help.examples.map((example) => `  ${example}`),
  ].join('\n');
}
