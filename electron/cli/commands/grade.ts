/**
 * `faultlab grade DIR --assignment FILE [--csv FILE]`: every report in a class's folder,
 * verified and checked against the assignment (report/grade.ts); a table on stdout, one
 * CSV row per report. Exit 1 if any report fails, 2 on bad input (the folder, the
 * assignment), never for a bad report: that is a row with its reason.
 */
import { statSync } from 'node:fs';
import { UsageError } from '../args.js';
import { command } from '../common.js';

const USAGE = 'grade DIR --assignment FILE.faultlab-assignment.json [--csv FILE.csv] [--recursive] [--json]';

/** A cell of the terminal table: at most `width` characters, padded. */
function cell(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ');
  return (one.length > width ? `${one.slice(0, width - 1)}…` : one).padEnd(width);
}

export const gradeCommand = command({
  summary: "verifies every report (*.html) in a folder and checks it against an assignment: its scenarios, predictions before runs, expected outcomes, copies; a table, and one CSV row per report",
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
      const w = { file: Math.min(28, Math.max(4, ...rows.map((r) => r.file.length))), student: Math.min(20, Math.max(7, ...rows.map((r) => r.student.length))), scenario: Math.min(32, Math.max(8, ...rows.map((r) => r.scenario.length))) };
      io.out(`${assignment.title}: ${rows.length} report${rows.length === 1 ? '' : 's'} in ${dir}`);
      io.out(`${cell('file', w.file)}  ${cell('student', w.student)}  ${cell('scenario', w.scenario)}  ${cell('verdict', 19)}  what failed`);
      for (const r of rows) {
        const more = r.failed.length - 1;
        const why = r.failed.length === 0 ? '' : `${cell(r.failed[0] ?? '', 90).trimEnd()}${more > 0 ? ` (+${more} more)` : ''}`;
        io.out(`${cell(r.file, w.file)}  ${cell(r.student || r.studentId || '—', w.student)}  ${cell(r.scenario || '—', w.scenario)}  ${cell(r.verdict, 19)}  ${why}`.trimEnd());
      }
      const counts = grade.VERDICTS.filter((v) => v !== 'ok')
        .map((v) => [v, rows.filter((r) => r.verdict === v).length] as const)
        .filter(([, n]) => n > 0)
        .map(([v, n]) => `${n} ${v}`);
      io.out('');
      io.out(`${rows.length - failing.length} ok, ${failing.length} failing${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`);
      if (values.csv !== undefined) io.out(`wrote ${values.csv}`);
    }
    if (failing.length > 0) io.err(`grade: ${failing.length} of ${rows.length} reports failed`);
    return failing.length > 0 ? 1 : 0;
  },
});
