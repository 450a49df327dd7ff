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

const FS_CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
};

/** A file-system error the user can act on (a full disk, a read-only folder), in one line. */
function fileSystemProblem(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string' || !(e.code in FS_CODES)) return null;
  return `cannot ${e.syscall === 'open' || e.syscall === 'write' || e.syscall === 'rename' || e.syscall === 'mkdir' ? 'write' : 'use'} ${e.path ?? 'a file'}: ${FS_CODES[e.code]}`;
}

export type { Io } from './common.js';

function usage(): string {
  const lines = ['usage: faultlab <command> [options]', '', 'commands:'];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', 'exit codes: 0 ok, 1 a requested check failed, 2 bad input, 3 internal error');
  return lines.join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
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
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}" (try: faultlab help)`);
    return await command.run(rest, io);
  } catch (err) {
    // Bad input however deep it was found: a reused run folder, real mode where it cannot run.
    if (err instanceof UsageError || err instanceof RunFolderError || err instanceof RealModeUnavailable || err instanceof RunTooLarge || err instanceof ReplicaNeedsRealMode || err instanceof ReplicaStartError || err instanceof SteppingError) {
      io.err(`faultlab: ${err.message}`);
      return 2;
    }
    const fsProblem = fileSystemProblem(err);
    if (fsProblem) {
      io.err(`faultlab: ${fsProblem}`);
      return 2;
    }
    io.err(`faultlab: internal error: ${(err as Error).message}`);
    if (process.env.FAULTLAB_DEBUG === '1') io.err(String((err as Error).stack));
    return 3;
  }
}
