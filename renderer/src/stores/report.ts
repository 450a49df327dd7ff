/**
 * The report dialog: which run it is about, the student's fields (kept in localStorage:
 * the same student writes many reports), and the last export. In browser mode the files
 * are offered as downloads; in the desktop window the lab has already offered to save
 * copies and says where the files are.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ReportExport } from '@shared/api';
import { useAppStore } from './app';
import { currentLang } from '../i18n';

const STUDENT_KEY = 'faultlab.student';

export interface StudentFields {
  name: string;
  id: string;
  course: string;
}

function readStudent(): StudentFields {
  try {
    const v = JSON.parse(localStorage.getItem(STUDENT_KEY) ?? '{}') as Partial<StudentFields>;
    return { name: typeof v.name === 'string' ? v.name : '', id: typeof v.id === 'string' ? v.id : '', course: typeof v.course === 'string' ? v.course : '' };
  } catch (err) {
    if (err instanceof SyntaxError) return { name: '', id: '', course: '' };
    throw err;
  }
}

/** Offers bytes or text as a file download (browser mode). */
export function downloadFile(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const useReportStore = defineStore('report', () => {
  const open = ref(false);
  const student = ref<StudentFields>(readStudent());
  const exporting = ref(false);
  const error = ref<string | null>(null);
  const last = shallowRef<ReportExport | null>(null);

  function saveStudent(): void {
    localStorage.setItem(STUDENT_KEY, JSON.stringify(student.value));
  }

  async function exportReport(req: { runId: string; exerciseId: string | null; prediction: string; answers: string[]; pdf: boolean; moreRunIds?: string[] }): Promise<ReportExport | null> {
    exporting.value = true;
    error.value = null;
    saveStudent();
    try {
      const app = useAppStore();
      // The report is written in the language the app speaks.
      const out = await app.lab().exportReport({ ...req, student: { ...student.value }, lang: currentLang() });
      last.value = out;
      if (app.info?.shell !== 'electron') {
        downloadFile(`${out.fileStem}.html`, out.html, 'text/html');
        if (out.pdfBase64) downloadFile(`${out.fileStem}.pdf`, base64Bytes(out.pdfBase64), 'application/pdf');
      }
      return out;
    } catch (err) {
      error.value = (err as Error).message;
      return null;
    } finally {
      exporting.value = false;
    }
  }

  return { open, student, exporting, error, last, saveStudent, exportReport };
});
