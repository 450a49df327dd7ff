/** Command-line parsing for `faultlab`: flags, their values, and usage errors (exit 2). */
import { parseArgs } from 'node:util';

/** Bad input on the command line or in a file: exit code 2, one clear line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Options = Record<string, string | boolean | string[] | undefined>;

export function parse(argv: string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>): { values: Options; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Options, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function intOption(values: Options, name: string, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) throw new UsageError(`--${name}: expected a whole number, got "${String(raw)}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name}: must be between ${min} and ${max}`);
  return n;
}
