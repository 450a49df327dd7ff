/**
 * Command-line parsing for `faultlab`: every flag of every command declared once (below),
 * each command naming the flags it takes; their values; usage errors (exit 2).
 */
import { parseArgs } from 'node:util';
import { cliWords } from './lang.js';

/** Bad input on the command line or in a file: exit code 2, one clear line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Every flag any command takes, by how it is read; a flag means the same in every command
 * that takes it. Flags with a value (--seed 7):
 */
type Valued =
  | 'mode' | 'seed' | 'out' | 'csv' | 'chart' | 'pdf' // a run and its output
  | 'k' | 'n' | 'faults' | 'kind' | 'timeout' | 'schemes' // a sweep's grid
  | 'exercise' | 'student' | 'student-id' | 'course' | 'answers' | 'lang' // who a report is for, in which language
  | 'port' | 'data-dir' // browser mode
  | 'max-faults' | 'budget' | 'workers' // a hunt (its --faults names fault kinds)
  | 'replica-cmd' | 'scheme' // a student's own replica program (run, test)
  | 'assignment' // the assignment a class's reports are graded against
  | 'budget-mb' // the memory a run may take (run)
  | 'at'; // the moment a fork leaves its parent (fork)
/** Flags that are on or off (--json). */
const SWITCHES = ['json', 'fold', 'no-open', 'recursive', 'all', 'force', 'drop-later'] as const;
/** Flags that may be given more than once (--check a --check b). */
const REPEATED = ['check', 'fault'] as const;

type Switch = (typeof SWITCHES)[number];
type Repeated = (typeof REPEATED)[number];
export type Flag = Valued | Switch | Repeated;

/** The values of the flags F, as given (absent when not given). */
export type Values<F extends Flag> = { [K in F]?: K extends Switch ? boolean : K extends Repeated ? string[] : string };

function specOf(flag: Flag): { type: 'string' | 'boolean'; multiple?: boolean } {
  if ((SWITCHES as readonly string[]).includes(flag)) return { type: 'boolean' };
  return (REPEATED as readonly string[]).includes(flag) ? { type: 'string', multiple: true } : { type: 'string' };
}

export type Options = Record<string, string | boolean | string[] | undefined>;

/** Parses argv against the flags named (any other flag is a usage error). */
export function parse<F extends Flag>(argv: string[], flags: readonly F[]): { values: Values<F>; positionals: string[] } {
  const options = Object.fromEntries(flags.map((f) => [f, specOf(f)]));
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Values<F>, positionals };
  } catch (err) {
    throw new UsageError(parseArgsMessage(err as Error & { code?: string }));
  }
}

/** parseArgs's complaint in the command line's language (its English as it words it). */
function parseArgsMessage(err: Error & { code?: string }): string {
  const english = err.message.replace(/\. To specify a positional argument.*$/s, '');
  const w = cliWords();
  let m: RegExpExecArray | null;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && (m = /^Unknown option '([^']+)'$/.exec(english))) return w.unknownOption(m[1] ?? '');
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && (m = /^Option '(\S+) <value>' argument missing$/.exec(english))) return w.missingValue(m[1] ?? '');
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && (m = /^Option '([^']+)' does not take an argument$/.exec(english))) return w.noValue(m[1] ?? '');
  return english;
}

export function intOption(values: Options, name: string, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) throw new UsageError(cliWords().wholeNumber(name, String(raw)));
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(cliWords().between(name, min, max));
  return n;
}
