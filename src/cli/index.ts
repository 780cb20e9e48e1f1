import { totalmem } from 'node:os';
import { setMachineMemory } from '../shared/engine/run-budget';
import { UsageError } from './args';
import { exportCommand } from './commands/export';
import { gradcheckCommand } from './commands/gradcheck';
import { inspectCommand } from './commands/inspect';
import { mergeCommand } from './commands/merge';
import { predictCommand } from './commands/predict';
import { sweepCommand } from './commands/sweep';
import { trainCommand } from './commands/train';
import { COMMAND_HELP, commandHelp, overview, version } from './help';

// nn-workbench command line: train, predict, gradient-check and sweep from JSON files, headless.
// Any error a user can cause (a missing file, bad JSON, a schema error, a bad CSV row) ends the
// process with a non-zero code and one paragraph naming what to fix — never a stack trace.

// A Map, so a command name typed by the user never finds an object's own members ('constructor').
// Each command has its entry in help.ts too.
const COMMANDS = new Map<string, (args: string[]) => Promise<number>>([
  ['train', trainCommand],
  ['predict', predictCommand],
  ['gradcheck', gradcheckCommand],
  ['inspect', inspectCommand],
  ['sweep', sweepCommand],
  ['merge', mergeCommand],
  ['export', exportCommand],
]);

/** `--help` or `-h` anywhere before a `--` that ends the options. */
const asksForHelp = (args: string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
};

setMachineMemory(totalmem());

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`nn-workbench ${version()}\n`);
    return 0;
  }
  if (name === 'help' && args.length > 0) return main([args[0], '--help']);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.get(name);
  if (!command) throw new UsageError(`Unknown command '${name}'.`);
  if (asksForHelp(args)) {
    process.stdout.write(`${commandHelp(COMMAND_HELP.find((help) => help.name === name)!)}\n`);
    return 0;
  }
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
      process.stderr.write(`\n${overview()}\n`);
      process.exitCode = 2;
    } else {
      process.exitCode = 1;
    }
  },
);
