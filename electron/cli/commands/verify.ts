/** `faultlab verify`: re-runs a report's scenario in simulation and checks its figures. */
import { readFileSync } from 'node:fs';
import { parse, UsageError } from '../args.js';
import type { Command } from '../common.js';

export const verifyCommand: Command = {
  summary: 're-runs a report\'s embedded scenario in simulation; exit 0 if every reported figure matches, 1 listing what differs',
  usage: 'verify REPORT.html [--json]',
  async run(argv, io) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError(`expected one report file, got ${positionals.length}`);
    const path = positionals[0] ?? '';
    let html: string;
    try {
      html = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a report' : (err as Error).message}`);
    }
    const { verifyReportHtml, NotAReport } = await import('../../report/verify.js');
    let result;
    try {
      result = await verifyReportHtml(html);
    } catch (err) {
      if (err instanceof NotAReport) throw new UsageError(`${path}: ${err.message}`);
      throw err;
    }
    if (values.json === true) io.out(JSON.stringify(result));
    else {
      for (const n of result.notes) io.out(n);
      if (result.ok) io.out(`verified: ${path} matches its re-run (${result.checked} figures and fields checked)`);
      else {
        io.out(`${path} does not match its re-run; ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}:`);
        for (const d of result.differences) io.out(`  - ${d}`);
      }
    }
    if (!result.ok) io.err(`verify failed: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}`);
    return result.ok ? 0 : 1;
  },
};
