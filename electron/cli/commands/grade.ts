/**
 * `faultlab grade DIR --assignment FILE [--csv FILE]`: every report in a class's folder,
 * verified and checked against the assignment (report/grade.ts); a table on stdout, one
 * CSV row per report. Exit 1 if any report fails, 2 on bad input (the folder, the
 * assignment), never for a bad report: that is a row with its reason.
 */
import { statSync } from 'node:fs';
import { UsageError } from '../args.js';
import { command } from '../common.js';
import { CLI_WORDS } from '../words.js';
import { cliWords } from '../lang.js';
import { columnsOf } from '../../../shared/compare.js';

const USAGE = 'grade DIR --assignment FILE.faultlab-assignment.json [--csv FILE.csv] [--recursive] [--json]';

/** A cell of the terminal table: at most `width` characters, padded to `width` columns (Hangul takes two). */
function cell(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ');
  const cut = one.length > width ? `${one.slice(0, width - 1)}…` : one;
  return cut + ' '.repeat(Math.max(0, width - columnsOf(cut)));
}

export const gradeCommand = command({
  summary: CLI_WORDS.en.help.summary.grade,
  usage: USAGE,
  flags: ['assignment', 'csv', 'recursive', 'json'],
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`expected one folder of reports, got ${positionals.length} (usage: faultlab ${USAGE})`);
    const dir = positionals[0] ?? '';
    if (values.assignment === undefined) throw new UsageError('--assignment FILE is required (the *.faultlab-assignment.json the reports are graded against)');
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw new UsageError(`${dir}: no such folder`);
    }
    if (!isDir) throw new UsageError(`${dir}: not a folder (grade takes the folder the reports were handed in to)`);

    const { loadAssignmentFile, AssignmentFileError } = await import('../../report/assignment-file.js');
    let assignment;
    try {
      assignment = loadAssignmentFile(values.assignment);
    } catch (err) {
      if (err instanceof AssignmentFileError) throw new UsageError(err.message);
      throw err;
    }
    const grade = await import('../../report/grade.js');
    const recursive = values.recursive === true;
    if (grade.listReports(dir, recursive).length === 0) throw new UsageError(`${dir}: no reports (*.html) in this folder${recursive ? ' or below it' : ' (--recursive looks in its subfolders too)'}`);
    const rows = await grade.gradeFolder(dir, assignment, { recursive });

    if (values.csv !== undefined) {
      const { writeFileAtomic } = await import('../../runtime/files.js');
      writeFileAtomic(values.csv, grade.gradesCsv(rows));
    }
    const failing = rows.filter((r) => r.verdict !== 'ok');
    if (values.json === true) io.out(JSON.stringify({ assignment: assignment.title, rows }));
    else {
      const words = cliWords().grade;
      const h = words.header;
      const w = { file: Math.min(28, Math.max(4, ...rows.map((r) => r.file.length))), student: Math.min(20, Math.max(7, ...rows.map((r) => r.student.length))), scenario: Math.min(32, Math.max(8, ...rows.map((r) => r.scenario.length))) };
      io.out(words.title(assignment.title, rows.length, dir));
      io.out(`${cell(h.file, w.file)}  ${cell(h.student, w.student)}  ${cell(h.scenario, w.scenario)}  ${cell(h.verdict, 19)}  ${h.failed}`);
      for (const r of rows) {
        const more = r.failed.length - 1;
        const why = r.failed.length === 0 ? '' : `${cell(r.failed[0] ?? '', 90).trimEnd()}${more > 0 ? ` ${words.more(more)}` : ''}`;
        io.out(`${cell(r.file, w.file)}  ${cell(r.student || r.studentId || '—', w.student)}  ${cell(r.scenario || '—', w.scenario)}  ${cell(r.verdict, 19)}  ${why}`.trimEnd());
      }
      const counts = grade.VERDICTS.filter((v) => v !== 'ok')
        .map((v) => [v, rows.filter((r) => r.verdict === v).length] as const)
        .filter(([, n]) => n > 0)
        .map(([v, n]) => `${n} ${v}`);
      io.out('');
      io.out(words.totals(rows.length - failing.length, failing.length, counts.join(', ')));
      if (values.csv !== undefined) io.out(cliWords().wrote(values.csv));
    }
    if (failing.length > 0) io.err(cliWords().grade.failedSummary(failing.length, rows.length));
    return failing.length > 0 ? 1 : 0;
  },
});
