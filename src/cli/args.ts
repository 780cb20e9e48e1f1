import { parseArgs } from 'node:util';

/** A mistake in the command line itself: the message is followed by the usage. */
export class UsageError extends Error {}

export interface CommandArgs {
  positionals: string[];
  options: Record<string, string | undefined>;
}

/**
 * The positional arguments named in `positionals` (a name in brackets, '[experiment.json]', may be
 * left out; only trailing ones) and the given `--name value` options, nothing else.
 */
export function parseCommandArgs(command: string, args: string[], positionals: string[], options: string[]): CommandArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(options.map((name) => [name, { type: 'string' as const }])),
    });
  } catch (error) {
    // Node appends advice about '--' to unknown options, which only fits positional typos.
    throw new UsageError(`${command}: ${(error as Error).message.replace(/\. To specify a positional.*$/s, '.')}`);
  }
  const required = positionals.filter((p) => !p.startsWith('[')).length;
  if (parsed.positionals.length < required || parsed.positionals.length > positionals.length) {
    const expected = positionals.map((p) => (p.startsWith('[') ? p : `<${p}>`)).join(' ');
    throw new UsageError(`${command} expects ${expected}, got ${parsed.positionals.length} argument${parsed.positionals.length === 1 ? '' : 's'}.`);
  }
  return { positionals: parsed.positionals, options: parsed.values as Record<string, string | undefined> };
}
