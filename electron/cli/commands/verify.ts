/**
 * `faultlab verify`: checks reports against their evidence (re-runs simulated runs,
 * re-derives real-process runs from their embedded logs). One report: what was checked and
 * every difference. Several: one line per report, so a teacher can check a class at once.
 */
import { UsageError } from '../args.js';
import type { Io } from '../common.js';
import { command, readInputFile } from '../common.js';

type Verify = typeof import('../../report/verify.js');

async function verifyOne(path: string, json: boolean, io: Io, v: Verify): Promise<number> {
  const html = readInputFile(path, 'a report');
  let result;
  try {
    result = await v.verifyReportHtml(html);
  } catch (err) {
    if (err instanceof v.NotAReport) throw new UsageError(`${path}: ${err.message}`);
    throw err;
  }
  if (json) io.out(JSON.stringify(result));
  else {
    for (const n of result.notes) io.out(n);
    // A simulated run is re-run; a real one is held to the event logs it embeds.
    const against = result.mode === 'sim' ? 'its re-run' : 'its embedded event logs';
    if (result.ok) io.out(`verified: ${path} matches ${against} (${result.checked} figures and fields checked)`);
    else {
      io.out(`${path} does not match ${against}; ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}:`);
      for (const d of result.differences) io.out(`  - ${d}`);
    }
  }
  if (!result.ok) io.err(`verify failed: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}`);
  return result.ok ? 0 : 1;
}

/** Each report on a line of its own; a file that cannot be read or is no report fails its line, not the command. */
async function verifyMany(paths: string[], json: boolean, io: Io, v: Verify): Promise<number> {
  let failed = 0;
  for (const path of paths) {
    let line: { ok: boolean; text: string; json: Record<string, unknown> };
    try {
      const result = await v.verifyReportHtml(readInputFile(path, 'a report'));
      const more = result.differences.length - 1;
      line = {
        ok: result.ok,
        text: result.ok
          ? `verified: ${path} (${result.checked} figures and fields checked)`
          : `failed: ${path}: ${result.differences[0] ?? ''}${more > 0 ? ` (and ${more} more difference${more === 1 ? '' : 's'})` : ''}`,
        json: { file: path, ...result },
      };
    } catch (err) {
      if (!(err instanceof UsageError) && !(err instanceof v.NotAReport)) throw err;
      const problem = err instanceof UsageError ? err.message.replace(`${path}: `, '') : err.message;
      line = { ok: false, text: `failed: ${path}: ${problem}`, json: { file: path, ok: false, problem } };
    }
    if (!line.ok) failed += 1;
    io.out(json ? JSON.stringify(line.json) : line.text);
  }
  if (failed > 0) io.err(`verify failed: ${failed} of ${paths.length} reports`);
  return failed > 0 ? 1 : 0;
}

export const verifyCommand = command({
  summary: 'checks reports against their evidence (re-runs simulated runs, re-derives real ones from their embedded logs); exit 0 if every figure matches, 1 naming what differs; with several reports, one line each',
  usage: 'verify REPORT.html [REPORT.html ...] [--json]',
  flags: ['json'],
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('expected at least one report file (usage: faultlab verify REPORT.html [REPORT.html ...])');
    const v = await import('../../report/verify.js');
    const json = values.json === true;
    return positionals.length === 1 ? verifyOne(positionals[0] ?? '', json, io, v) : verifyMany(positionals, json, io, v);
  },
});
