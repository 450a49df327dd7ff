/**
 * Lab reports of kept runs: written atomically into `<dataDir>/reports/` (HTML, the raw
 * data as CSV/JSON beside it, a PDF on request) and handed back for download; where the
 * shell can (Electron's save dialog), copies are offered elsewhere. What only Electron can
 * do (printToPDF, the dialog) is passed in, so this stays testable without Electron.
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import type { CALLS, ReportExport } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { Exercise } from '../../../shared/exercises.js';
import { findExercise } from '../../../shared/exercises.js';
import { ScenarioError } from '../../../shared/scenario.js';
import { findChromium, PdfUnavailable, printHtmlToPdf } from '../../report/pdf.js';
import { LogDamaged, writeFileAtomic } from '../../runtime/files.js';
import { userMessage, writeFailed } from './errors.js';
import { labWorkOffThread } from './lab-work.js';

export type PdfPrinter = (html: string) => Promise<Buffer>;
export type SavePathChooser = (file: { defaultName: string; kind: 'html' | 'pdf' }) => Promise<string | null>;
export type ReportArgs = z.output<(typeof CALLS)['exportReport']['args']> & {
  /** The folders of the exercise's other runs, carried in the same report after the first. */
  moreRunDirs?: string[];
};

export interface ReportOptions {
  /** The app's data folder; reports go to `<dataDir>/reports/`. */
  dataDir: string;
  /** Prints report HTML to PDF bytes; undefined: the system Chromium; null: no printer here. */
  printPdf: PdfPrinter | null | undefined;
  chooseSavePath: SavePathChooser | undefined;
  log: (message: string) => void;
  /** The exercise of an id among those the app lists (an opened assignment's); the built-in ones by default. */
  findExercise?: (id: string) => Exercise | undefined;
}

/** The default PDF printer: the system's Chromium, or a plain sentence saying there is none. */
async function chromiumPrintPdf(html: string): Promise<Buffer> {
  if (findChromium() === null) throw new PdfUnavailable('no Chromium was found on this computer (install chromium, or set FAULTLAB_CHROMIUM to its path)');
  return printHtmlToPdf(html);
}

/** A file name from free text: lower-case words joined by dashes. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
}

const PRINT_IT_YOURSELF = 'The HTML report was written: open it in a browser and print it to PDF.';

/** What a report's writing hands back: the HTML, the data files written beside it, the (first) run's scenario name. */
export interface WrittenReportFiles {
  html: string;
  dataFiles: string[];
  scenarioName: string;
}

/** A report to write: the runs (the first one's data files go beside the HTML) and what the student added. */
export interface ReportFilesTask {
  runDirs: string[];
  htmlPath: string;
  common: { student: ReportArgs['student']; exercise: Exercise | null; prediction: string; answers: string[]; lang: ReportArgs['lang'] };
}

/**
 * Writes the HTML report of runDirs (an exercise's other runs follow the first in the same
 * file) and the first run's data files beside it, each atomically; a run that cannot be
 * reported is a 'damaged' LabError naming why. Done on a worker thread (lab-work.ts).
 */
export async function writeReportFiles(task: ReportFilesTask): Promise<WrittenReportFiles> {
  const { ReportInputError, writeReport } = await import('../../report/index.js');
  const [runDir, ...moreRunDirs] = task.runDirs as [string, ...string[]];
  const runId = basename(runDir);
  const { common, htmlPath } = task;
  let written;
  try {
    written = await writeReport({ ...common, run: { runDir } }, { htmlPath });
  } catch (err) {
    const cannot = (why: string): LabError => new LabError('damaged', `The report of run ${runId} cannot be made: ${why}.`);
    if (err instanceof ReportInputError) throw cannot(err.message);
    if (err instanceof ScenarioError) throw cannot(`its scenario.json is not valid (${err.problems.join('; ')})`);
    if (err instanceof LogDamaged) throw cannot('its event log is damaged');
    // A file that could not be written (a full disk, a folder made read-only): its sentence, not an internal error.
    if (typeof (err as NodeJS.ErrnoException).syscall === 'string') throw writeFailed(`Cannot write the report into ${dirname(htmlPath)}`, err);
    throw err;
  }
  let html = written.html;
  // An exercise's other runs follow the first in the same file (exercise-report.ts); the data files beside it are the first run's.
  if (moreRunDirs.length > 0) {
    const { buildExerciseReport } = await import('../../report/exercise-report.js');
    try {
      html = buildExerciseReport([runDir, ...moreRunDirs].map((dir) => ({ ...common, run: { runDir: dir } }))).html;
    } catch (err) {
      if (err instanceof ReportInputError) throw new LabError('damaged', `The report of the exercise's runs cannot be made: ${err.message}.`);
      throw err;
    }
    try {
      writeFileAtomic(htmlPath, html);
    } catch (err) {
      throw writeFailed(`Cannot write ${htmlPath}`, err);
    }
  }
  return { html, dataFiles: written.dataFiles, scenarioName: written.data.scenario.name };
}

/** Writes the lab report of the kept run in runDir into `<dataDir>/reports/`, and offers copies where the shell can. */
export async function exportReport(runDir: string, args: ReportArgs, options: ReportOptions): Promise<ReportExport> {
  const { runId } = args;
  const exercise = args.exerciseId ? ((options.findExercise ?? findExercise)(args.exerciseId) ?? null) : null;
  if (args.exerciseId && !exercise) throw new LabError('not-found', `There is no exercise "${args.exerciseId}".`);
  const reportsDir = join(options.dataDir, 'reports');
  try {
    mkdirSync(reportsDir, { recursive: true });
  } catch (err) {
    throw writeFailed(`Cannot write to the reports folder ${reportsDir}`, err);
  }
  const htmlPath = join(reportsDir, `report-${runId}.html`);
  // Reading the runs and building the HTML takes seconds for a long run: on a worker thread, so the window and live runs go on.
  const written = await labWorkOffThread({
    kind: 'report',
    runDirs: [runDir, ...(args.moreRunDirs ?? [])],
    htmlPath,
    common: { student: args.student, exercise, prediction: args.prediction, answers: args.answers, lang: args.lang },
  });
  const fileStem = `fault-lab-report-${slug(written.scenarioName) || 'run'}${args.student.name ? `-${slug(args.student.name)}` : ''}`;
  let pdf: Buffer | null = null;
  let pdfPath: string | null = null;
  let pdfProblem: string | null = null;
  if (args.pdf) {
    const printer = options.printPdf === undefined ? chromiumPrintPdf : options.printPdf;
    if (printer === null) pdfProblem = `No PDF printer is available here. ${PRINT_IT_YOURSELF}`;
    else {
      try {
        pdf = await printer(written.html);
        pdfPath = join(reportsDir, `report-${runId}.pdf`);
        writeFileAtomic(pdfPath, pdf);
      } catch (err) {
        pdf = null;
        pdfPath = null;
        if (err instanceof PdfUnavailable) pdfProblem = `No PDF could be made: ${err.message.replace(/^--pdf: /, '')}. ${PRINT_IT_YOURSELF}`;
        else pdfProblem = `Printing the PDF failed (${userMessage(err, options.log)}). ${PRINT_IT_YOURSELF}`;
      }
    }
  }
  const savedPaths: string[] = [];
  const choose = options.chooseSavePath;
  if (choose) {
    const copies: [string, 'html' | 'pdf', string | Buffer][] = [[`${fileStem}.html`, 'html', written.html]];
    if (pdf) copies.push([`${fileStem}.pdf`, 'pdf', pdf]);
    for (const [defaultName, kind, content] of copies) {
      const path = await choose({ defaultName, kind });
      if (path === null) continue;
      try {
        writeFileAtomic(path, content);
      } catch (err) {
        throw writeFailed(`The report was written to ${htmlPath}, but not to ${path}`, err);
      }
      savedPaths.push(path);
    }
  }
  return { htmlPath, pdfPath, dataFiles: written.dataFiles, fileStem, html: written.html, pdfBase64: pdf ? pdf.toString('base64') : null, pdfProblem, savedPaths };
}
