import { UsageError } from './args';
import { exportCommand } from './commands/export';
import { gradcheckCommand } from './commands/gradcheck';
import { inspectCommand } from './commands/inspect';
import { mergeCommand } from './commands/merge';
import { predictCommand } from './commands/predict';
import { sweepCommand } from './commands/sweep';
import { trainCommand } from './commands/train';

// nn-workbench command line: train, predict, gradient-check and sweep from JSON files, headless.
// Any error a user can cause (a missing file, bad JSON, a schema error, a bad CSV row) ends the
// process with a non-zero code and one paragraph naming what to fix — never a stack trace.

const USAGE = `Usage:
  nn-workbench train <experiment.json> [--out weights.json] [--init weights.json] [--metrics metrics.jsonl]
  nn-workbench predict <weights.json> <data.csv> [--out predictions.csv]
  nn-workbench gradcheck <experiment.json>
  nn-workbench inspect <experiment.json> [--init weights.json] [--rows 0,3 | --batch k] [--epoch N]
  nn-workbench sweep <sweep.json> [--parallel N] [--shard k/N] [--out results.jsonl] [--weights-dir dir]
  nn-workbench merge <results.jsonl>... [--out merged.jsonl]
  nn-workbench export <weights.json> --format onnx|npz|safetensors|json --out file [--verify data.csv] [--dtype float32|float64]`;

// A Map, so a command name typed by the user never finds an object's own members ('constructor').
const COMMANDS = new Map<string, (args: string[]) => Promise<number>>([
  ['train', trainCommand],
  ['predict', predictCommand],
  ['gradcheck', gradcheckCommand],
  ['inspect', inspectCommand],
  ['sweep', sweepCommand],
  ['merge', mergeCommand],
  ['export', exportCommand],
]);

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.get(name);
  if (!command) throw new UsageError(`Unknown command '${name}'.`);
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nn-workbench: ${message}\n`);
    if (error instanceof UsageError) {
      process.stderr.write(`\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.exitCode = 1;
    }
  },
);
