/**
 * `faultlab verify`: checks reports against their evidence (re-runs simulated runs,
 * re-derives real-process runs from their embedded logs). One report: what was checked and
 * every difference. Several: one line per report, so a teacher can check a class at once.
 */
import { UsageError } from '../args.js';
import type { Io } from '../common.js';
import { command, readInputFile } from '../common.js';
import { CLI_WORDS } from '../words.js';
import { cliLang, cliWords } from '../lang.js';

type Verify = typeof import('../../report/verify.js');

async function verifyOne(path: string, json: boolean, io: Io, v: Verify): Promise<number> {
  const html = readInputFile(path, 'report');
  const w = cliWords().verify;
  let result;
  try {
    // JSON is a contract: its differences stay in English whatever the language.
    result = await v.verifyReportHtml(html, json ? 'en' : cliLang());
  } catch (err) {
    if (err instanceof v.NotAReport) throw new UsageError(`${path}: ${err.message}`);
    throw err;
  }
  if (json) io.out(JSON.stringify(result));
  else {
    for (const n of result.notes) io.out(n);
    // A simulated run is re-run; a real one is held to the event logs it embeds.
    if (result.ok) io.out(w.verified(path, result.mode === 'sim', result.checked));
    else {
      io.out(w.differs(path, result.mode === 'sim', result.differences.length));
      for (const d of result.differences) io.out(`  - ${d}`);
    }
  }
  if (!result.ok) io.err(w.failed(result.differences.length));
  return result.ok ? 0 : 1;
}

/** Each report on a line of its own; a file that cannot be read or is no report fails its line, not the command. */
async function verifyMany(paths: string[], json: boolean, io: Io, v: Verify): Promise<number> {
  const w = cliWords().verify;
  let failed = 0;
  for (const path of paths) {
    let line: { ok: boolean; text: string; json: Record<string, unknown> };
    try {
      const result = await v.verifyReportHtml(readInputFile(path, 'report'), json ? 'en' : cliLang());
      const more = result.differences.length - 1;
      line = {
        ok: result.ok,
        text: result.ok ? w.lineOk(path, result.checked) : w.lineFailed(path, result.differences[0] ?? '', more),
        json: { file: path, ...result },
      };
    } catch (err) {
      if (!(err instanceof UsageError) && !(err instanceof v.NotAReport)) throw err;
      const problem = err instanceof UsageError ? err.message.replace(`${path}: `, '') : err.message;
      line = { ok: false, text: w.lineFailed(path, problem, 0), json: { file: path, ok: false, problem } };
    }
    if (!line.ok) failed += 1;
    io.out(json ? JSON.stringify(line.json) : line.text);
  }
  if (failed > 0) io.err(w.manyFailed(failed, paths.length));
  return failed > 0 ? 1 : 0;
}

export const verifyCommand = command({
  summary: CLI_WORDS.en.help.summary.verify,
  usage: 'verify REPORT.html [REPORT.html ...] [--json]',
  flags: ['json'],
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError(cliWords().verify.expectReports);
    const v = await import('../../report/verify.js');
    const json = values.json === true;
    return positionals.length === 1 ? verifyOne(positionals[0] ?? '', json, io, v) : verifyMany(positionals, json, io, v);
  },
});
