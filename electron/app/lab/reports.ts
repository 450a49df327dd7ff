/**
 * Lab reports of kept runs: written atomically into `<dataDir>/reports/` (HTML, the raw
 * data as CSV/JSON beside it, a PDF on request) and handed back for download; where the
 * shell can (Electron's save dialog), copies are offered elsewhere. What only Electron can
 * do (printToPDF, the dialog) is passed in, so this stays testable without Electron.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { CALLS, ReportExport } from '../../../shared/api.js';
import { LabError } from '../../../shared/api.js';
import type { Exercise } from '../../../shared/exercises.js';
import { findExercise } from '../../../shared/exercises.js';
import { ScenarioError } from '../../../shared/scenario.js';
import { findChromium, PdfUnavailable, printHtmlToPdf } from '../../report/pdf.js';
import { LogDamaged, writeFileAtomic } from '../../runtime/files.js';
import { userMessage, writeFailed } from './errors.js';

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
  const { ReportInputError, writeReport } = await import('../../report/index.js');
  const htmlPath = join(reportsDir, `report-${runId}.html`);
  let written;
  try {
    written = await writeReport(
      { run: { runDir }, student: args.student, exercise, prediction: args.prediction, answers: args.answers, lang: args.lang },
      { htmlPath },
    );
  } catch (err) {
    const cannot = (why: string): LabError => new LabError('damaged', `The report of run ${runId} cannot be made: ${why}.`);
    if (err instanceof ReportInputError) throw cannot(err.message);
    if (err instanceof ScenarioError) throw cannot(`its scenario.json is not valid (${err.problems.join('; ')})`);
    if (err instanceof LogDamaged) throw cannot('its event log is damaged');
    throw err;
  }
  // An exercise's other runs follow the first in the same file (exercise-report.ts); the data files beside it are the first run's.
  if (args.moreRunDirs && args.moreRunDirs.length > 0) {
    const { buildExerciseReport } = await import('../../report/exercise-report.js');
    const common = { student: args.student, exercise, prediction: args.prediction, answers: args.answers, lang: args.lang };
    try {
      written.html = buildExerciseReport([runDir, ...args.moreRunDirs].map((dir) => ({ ...common, run: { runDir: dir } }))).html;
    } catch (err) {
      if (err instanceof ReportInputError) throw new LabError('damaged', `The report of the exercise's runs cannot be made: ${err.message}.`);
      throw err;
    }
    try {
      writeFileAtomic(htmlPath, written.html);
    } catch (err) {
      throw writeFailed(`Cannot write ${htmlPath}`, err);
    }
  }
  const fileStem = `fault-lab-report-${slug(written.data.scenario.name) || 'run'}${args.student.name ? `-${slug(args.student.name)}` : ''}`;
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
