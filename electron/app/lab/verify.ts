/**
 * "Verify a report" in the app: a report file chosen or dropped in the window is checked by
 * the one implementation of `faultlab verify` (electron/report/verify.ts), after the first
 * look `faultlab grade` takes at a file (empty, binary, not UTF-8, cut short). What is no
 * report becomes one sentence naming the file; one check runs at a time, on the lab's worker
 * thread (a simulated report is re-run there, a real one's logs unpacked and analysed).
 */
import type { ReportVerification } from '../../../shared/api.js';
import { LabError, MAX_VERIFY_REPORT_BYTES } from '../../../shared/api.js';
import type { Lang } from '../../../shared/describe.js';
import { labWorkOffThread } from './lab-work.js';

/** What the first look found, as a sentence about the file. */
function unreadableSentence(fileName: string, reason: string): string {
  if (reason.startsWith('truncated: ')) return `${fileName} is cut short: ${reason.slice('truncated: '.length)}. Ask for the whole file.`;
  if (reason.startsWith('not a report: ')) return `${fileName} is not a Fault Lab report: ${reason.slice('not a report: '.length)}.`;
  return `${fileName} cannot be verified: ${reason}.`;
}

/**
 * A report arriving in parts (one upload at a time: a new upload id drops an unfinished
 * one, so at most MAX_VERIFY_REPORT_BYTES are held).
 */
interface Upload {
  id: string;
  parts: Buffer[];
  bytes: number;
}

export class ReportVerifier {
  private busy = false;
  private upload: Upload | null = null;

  /** Keeps one part of a report; parts come in order from 0. */
  addPart(uploadId: string, index: number, base64: string): { receivedBytes: number } {
    if (index === 0) this.upload = { id: uploadId, parts: [], bytes: 0 };
    const up = this.upload;
    if (!up || up.id !== uploadId) throw new LabError('bad-call', 'This part of the report belongs to an upload that is over (another report was sent since); send the report again.');
    if (index !== up.parts.length) throw new LabError('bad-call', `Part ${index} of the report came when part ${up.parts.length} was expected; send the report again.`);
    const part = Buffer.from(base64, 'base64');
    if (up.bytes + part.length > MAX_VERIFY_REPORT_BYTES) {
      this.upload = null;
      throw new LabError('bad-call', `The report is larger than ${MAX_VERIFY_REPORT_BYTES / 1e6} MB, the most the app verifies. Check it with "faultlab verify".`);
    }
    up.parts.push(part);
    up.bytes += part.length;
    return { receivedBytes: up.bytes };
  }

  async verify(fileName: string, base64: string, uploadId?: string, lang: Lang = 'en'): Promise<ReportVerification> {
    let bytes = Buffer.from(base64, 'base64');
    if (uploadId !== undefined) {
      const up = this.upload;
      this.upload = null;
      if (!up || up.id !== uploadId) throw new LabError('bad-call', `The earlier parts of ${fileName} are not here (another report was sent since); send it again.`);
      bytes = Buffer.concat([...up.parts, bytes]);
    }
    if (bytes.length > MAX_VERIFY_REPORT_BYTES) {
      throw new LabError('bad-call', `${fileName} is ${(bytes.length / 1e6).toFixed(1)} MB; the app verifies reports up to ${MAX_VERIFY_REPORT_BYTES / 1e6} MB. Check it with "faultlab verify ${fileName}".`);
    }
    // A PDF is printed from the HTML report and carries none of its evidence.
    if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') throw new LabError('bad-call', `${fileName} is a PDF: only the HTML report carries the evidence (the embedded data and event logs). Verify the .html file it was printed from.`);
    if (this.busy) throw new LabError('busy', 'Another report is being verified; wait for it to finish.');
    this.busy = true;
    try {
      // Off the calling thread: the embedded logs are unpacked and analysed, simulations re-run.
      return await labWorkOffThread({ kind: 'verify', fileName, bytes, lang });
    } finally {
      this.busy = false;
    }
  }
}

/**
 * Verifies one report file (its bytes whole): the first look `faultlab grade` takes, then
 * `faultlab verify`'s checks. Runs on the lab's worker thread (lab-work.ts).
 */
export async function verifyReportBytes(fileName: string, bytes: Buffer, lang: Lang): Promise<ReportVerification> {
  const { readReportBytes, truncatedReason } = await import('../../report/grade.js');
  const { extractReportData, NotAReport, verifyReportHtml } = await import('../../report/verify.js');
  const read = readReportBytes(bytes);
  if ('unreadable' in read) throw new LabError('bad-call', unreadableSentence(fileName, read.unreadable));
  let data;
  try {
    data = extractReportData(read.text, lang);
  } catch (err) {
    if (!(err instanceof NotAReport)) throw err;
    throw new LabError('bad-call', unreadableSentence(fileName, read.cut ? truncatedReason(bytes.length, true) : `not a report: ${err.message}`));
  }
  if (read.cut) throw new LabError('bad-call', unreadableSentence(fileName, truncatedReason(bytes.length, false)));
  let result;
  try {
    result = await verifyReportHtml(read.text, lang);
  } catch (err) {
    if (err instanceof NotAReport) throw new LabError('bad-call', unreadableSentence(fileName, `not a report: ${err.message}`));
    throw err;
  }
  const text = (x: unknown): string => (typeof x === 'string' ? x : '');
  const scenario = (data.scenario ?? {}) as { name?: unknown };
  const student = (data.student ?? {}) as { name?: unknown; id?: unknown };
  return {
    fileName,
    ok: result.ok,
    mode: result.mode,
    checked: result.checked,
    differences: result.differences,
    notes: result.notes,
    figures: result.figures,
    about: { scenario: text(scenario.name), student: text(student.name), studentId: text(student.id), exercise: text(data.exercise) || null, generatedAt: text(data.generatedAt) || null },
  };
}
