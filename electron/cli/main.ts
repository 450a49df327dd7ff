/**
 * `faultlab`: the command line for scripting, grading and sweeps. Exit codes: 0 ok; 1 a
 * check the user asked for failed; 2 bad input (one line on stderr, never a stack trace);
 * 3 an internal error (a bug: one line, and the stack only with FAULTLAB_DEBUG=1).
 */
import { UsageError } from './args.js';
import type { Io } from './common.js';
import { COMMANDS } from './commands/index.js';
import { RunFolderError } from '../runtime/run-folder.js';
import { RealModeUnavailable, RunTooLarge } from '../runtime/run.js';
import { ReplicaNeedsRealMode } from '../runtime/real-external.js';
import { SteppingError } from '../../shared/engine/stepping.js';
import { ReplicaStartError } from '../runtime/real-replicas.js';
import { cliLang, cliWords, envLang, langOfArgs, setCliLang } from './lang.js';
import type { CommandName } from './words.js';
import { COMMAND_NAMES } from './words.js';

/** A file-system error the user can act on (a full disk, a read-only folder), in one line. */
function fileSystemProblem(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  const w = cliWords().fileSystem;
  if (!e || typeof e.code !== 'string' || !(e.code in w.codes)) return null;
  const path = e.path ?? (cliLang() === 'en' ? 'a file' : '파일');
  return `${e.syscall === 'open' || e.syscall === 'write' || e.syscall === 'rename' || e.syscall === 'mkdir' ? w.write(path) : w.use(path)}: ${w.codes[e.code]}`;
}

export type { Io } from './common.js';

function usage(): string {
  const w = cliWords().help;
  const lines = [w.usage, '', w.commands];
  for (const name of COMMAND_NAMES) lines.push(`  ${COMMANDS[name].usage}`, `      ${w.summary[name]}`);
  lines.push('', w.exitCodes);
  return lines.join('\n');
}

/**
 * Runs one command line. The language of every message is `--lang` (anywhere on the line)
 * or the environment's (lang.ts); JSON output is the same in every language.
 */
export async function main(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  setCliLang(envLang(env));
  try {
    const { lang, argv: args } = langOfArgs(argv, env, argv[0] === 'report');
    setCliLang(lang);
    return await dispatch(args, io);
  } catch (err) {
    return failed(err, io);
  } finally {
    setCliLang('en');
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      if (name === undefined) {
        io.err(usage());
        return 2;
      }
      io.out(usage());
      return 0;
    }
    const command = isCommandName(name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(cliWords().unknownCommand(name));
    return await command.run(rest, io);
  } catch (err) {
    return failed(err, io);
  }
}

const isCommandName = (name: string): name is CommandName => (COMMAND_NAMES as readonly string[]).includes(name);

/** An error as its one line on stderr, and its exit code. */
function failed(err: unknown, io: Io): number {
  // Bad input however deep it was found: a reused run folder, real mode where it cannot run.
  if (err instanceof UsageError || err instanceof RunFolderError || err instanceof RealModeUnavailable || err instanceof ReplicaNeedsRealMode || err instanceof ReplicaStartError || err instanceof RunTooLarge || err instanceof SteppingError) {
    io.err(`faultlab: ${err.message}`);
    return 2;
  }
  const fsProblem = fileSystemProblem(err);
  if (fsProblem) {
    io.err(`faultlab: ${fsProblem}`);
    return 2;
  }
  io.err(`faultlab: ${cliWords().internalError((err as Error).message)}`);
  if (process.env.FAULTLAB_DEBUG === '1') io.err(String((err as Error).stack));
  return 3;
}
