/** `faultlab verify`: re-runs a report's scenario in simulation and checks its figures. */
import { UsageError } from '../args.js';
import { command, readInputFile } from '../common.js';

export const verifyCommand = command({
  summary: 're-runs a report\'s embedded scenario in simulation; exit 0 if every reported figure matches, 1 listing what differs',
  usage: 'verify REPORT.html [--json]',
  flags: ['json'],
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`expected one report file, got ${positionals.length}`);
    const path = positionals[0] ?? '';
    const html = readInputFile(path, 'a report');
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
});
