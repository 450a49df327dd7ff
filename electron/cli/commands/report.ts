/** `faultlab report`: the lab report of a saved run, as self-contained HTML (and PDF). */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../args.js';
import { command } from '../common.js';
import type { Lang } from '../../../shared/describe.js';
import { LANGS } from '../../../shared/describe.js';
import { CLI_WORDS } from '../words.js';
import { cliWords } from '../lang.js';

const answersFile = z.strictObject({
  student: z.string().max(200).optional(),
  studentId: z.string().max(100).optional(),
  course: z.string().max(200).optional(),
  exercise: z.string().max(100).optional(),
  prediction: z.string().max(20_000).optional(),
  answers: z.array(z.string().max(20_000)).max(50).optional(),
});

function readAnswers(path: string): z.output<typeof answersFile> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  const r = answersFile.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`${path}: ${i?.path.join('.') || '(file)'}: ${i?.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')}` : (i?.message ?? 'invalid')}`);
  }
  return r.data;
}

const USAGE = 'report RUN_DIR --out FILE.html [--pdf FILE.pdf] [--exercise ID] [--student NAME] [--student-id ID] [--course NAME] [--answers FILE.json] [--lang en|ko]';

/** The report's language from --lang (English when absent). */
function langOf(value: string | undefined): Lang {
  if (value === undefined) return 'en';
  if ((LANGS as readonly string[]).includes(value)) return value as Lang;
  throw new UsageError(`--lang: expected ${LANGS.join(' or ')}, got "${value}"`);
}

export const reportCommand = command({
  summary: CLI_WORDS.en.help.summary.report,
  usage: USAGE,
  flags: ['out', 'pdf', 'exercise', 'student', 'student-id', 'course', 'answers', 'lang'],
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`expected one run folder, got ${positionals.length} (usage: faultlab ${USAGE})`);
    const runDir = positionals[0] ?? '';
    const htmlPath = values.out;
    if (htmlPath === undefined) throw new UsageError('--out FILE.html is required');
    if (!/\.html?$/i.test(htmlPath)) throw new UsageError(`--out: expected a file name ending in .html, got "${htmlPath}"`);
    const pdfPath = values.pdf ?? null;
    if (pdfPath !== null && extname(pdfPath).toLowerCase() !== '.pdf') throw new UsageError(`--pdf: expected a file name ending in .pdf, got "${pdfPath}"`);
    const lang = langOf(values.lang);
    const fromFile = values.answers !== undefined ? readAnswers(values.answers) : {};
    const report = await import('../../report/index.js');
    try {
      const written = await report.writeReport(
        {
          run: { runDir },
          exercise: values.exercise ?? fromFile.exercise ?? null,
          student: { name: values.student ?? fromFile.student ?? '', id: values['student-id'] ?? fromFile.studentId ?? '', course: values.course ?? fromFile.course ?? '' },
          prediction: fromFile.prediction ?? '',
          answers: fromFile.answers ?? [],
          ...(lang === 'en' ? {} : { lang }),
        },
        { htmlPath, pdfPath },
      );
      const w = cliWords();
      io.out(w.wrote(written.htmlPath));
      for (const f of written.dataFiles) io.out(w.wrote(f));
      if (written.pdfPath) io.out(w.wrote(written.pdfPath));
    } catch (err) {
      if (err instanceof report.ReportInputError || err instanceof report.PdfUnavailable) throw new UsageError(err.message);
      throw err;
    }
    return 0;
  },
});
