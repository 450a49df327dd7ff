/**
 * `faultlab`: the command line for scripting, grading and sweeps. Exit codes: 0 ok; 1 a
 * check the user asked for failed; 2 bad input (one line on stderr, never a stack trace);
 * 3 an internal error (a bug: one line, and the stack only with FAULTLAB_DEBUG=1).
 */
import { UsageError } from './args.js';
import type { Io } from './common.js';
import { COMMANDS } from './commands/index.js';

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
    if (err instanceof UsageError) {
      io.err(`faultlab: ${err.message}`);
      return 2;
    }
    io.err(`faultlab: internal error: ${(err as Error).message}`);
    if (process.env.FAULTLAB_DEBUG === '1') io.err(String((err as Error).stack));
    return 3;
  }
}
