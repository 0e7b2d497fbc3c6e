import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * One `npm run joinery -- <name> ...` command. A command is one file, `commands/<name>.command.ts`,
 * exporting `command`; main.ts finds it by its file name, so adding a command touches nothing else.
 */
export interface CliCommand {
  name: string;
  /** One line for `joinery help`. */
  summary: string;
  /** Full usage text, printed by `joinery help <name>` and on a usage error. */
  usage: string;
  /** Returns the process exit code: 0 success, 1 partial failure, 2 usage error. */
  run(args: string[]): Promise<number>;
}

/** A mistake in the command line: main.ts prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `parseArgs` with positionals allowed; a malformed command line becomes a UsageError. */
export function parseCommandArgs<T extends Options>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: T }>> {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
