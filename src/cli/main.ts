import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EmbeddedPostgresError } from '../platform/database/embedded-postgres';
import { CliCommand, UsageError } from './cli-command';

/**
 * `npm run joinery -- <command> [args]`: a small dispatcher. Commands are the files
 * `commands/<name>.command.(ts|js)`, loaded on demand, so the CLI starts fast and a new command is a
 * new file. Compiled by `npm run build` to dist/src/cli/main.js.
 */
const COMMANDS_DIR = path.join(__dirname, 'commands');
const SUFFIX = /\.command\.(js|ts)$/;

function commandNames(): string[] {
  if (!existsSync(COMMANDS_DIR)) return [];
  return readdirSync(COMMANDS_DIR)
    .filter((f) => SUFFIX.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(SUFFIX, ''))
    .filter((name, i, all) => all.indexOf(name) === i)
    .sort();
}

function load(name: string): CliCommand | null {
  if (!commandNames().includes(name)) return null;
  // Loaded by name, at run time, on purpose (see above); the module is one of our own files.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(COMMANDS_DIR, `${name}.command`)) as { command?: CliCommand };
  if (!mod.command) throw new Error(`commands/${name}.command exports no \`command\``);
  return mod.command;
}

function help(): string {
  const lines = commandNames().map((name) => `  ${name.padEnd(12)} ${load(name)?.summary ?? ''}`);
  return [
    'Usage: npm run joinery -- <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'joinery help <command> shows its options.',
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && args[0] ? load(args[0]) : null;
    console.log(topic ? topic.usage : help());
    return 0;
  }
  const command = load(name);
  if (!command) {
    console.error(`joinery: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`joinery ${name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    if (e instanceof EmbeddedPostgresError) {
      console.error(`joinery ${name}: ${e.message}`);
      return 1;
    }
    console.error(`joinery ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
