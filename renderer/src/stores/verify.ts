/**
 * "Verify a report" in the window: the report file chosen or dropped, sent (its bytes,
 * in parts when large, within the contract's limit) to the lab's main side, which checks it with the one
 * implementation of `faultlab verify`; the verdict, or the one sentence saying why the
 * file could not be checked.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ReportVerification } from '@shared/api';
import { MAX_VERIFY_PART_BYTES, MAX_VERIFY_REPORT_BYTES } from '@shared/api';
import { useAppStore } from './app';
import { currentLang, messages } from '../i18n';

/** A file's bytes as base64, in slices (one String.fromCharCode call per slice stays within the argument limit). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const SLICE = 0x8000;
  for (let i = 0; i < bytes.length; i += SLICE) bin += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(bin);
}

/** Whether a file name is one a report is written under. */
export const isReportName = (name: string): boolean => /\.html?$/i.test(name);

export const useVerifyStore = defineStore('verify', () => {
  const open = ref(false);
  const busy = ref(false);
  const fileName = ref<string | null>(null);
  const result = shallowRef<ReportVerification | null>(null);
  const error = ref<string | null>(null);

  /** Checks one report file; the dialog shows the verdict or the reason. */
  async function verifyFile(file: File): Promise<void> {
    open.value = true;
    fileName.value = file.name;
    result.value = null;
    error.value = null;
    const t = messages().verifyReport;
    if (/\.pdf$/i.test(file.name) || (!isReportName(file.name) && file.type !== 'text/html')) {
      error.value = t.notHtml(file.name);
      return;
    }
    if (file.size > MAX_VERIFY_REPORT_BYTES) {
      error.value = t.tooBig(file.name, (file.size / 1e6).toFixed(1), String(MAX_VERIFY_REPORT_BYTES / 1e6));
      return;
    }
    busy.value = true;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const lab = useAppStore().lab();
      // A large report goes in parts (one message is at most a few megabytes); the last part asks for the verdict.
      const parts = Math.max(1, Math.ceil(bytes.length / MAX_VERIFY_PART_BYTES));
      const uploadId = parts > 1 ? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}` : undefined;
      for (let i = 0; i < parts - 1 && uploadId; i++) {
        await lab.verifyReportPart({ uploadId, index: i, base64: bytesToBase64(bytes.subarray(i * MAX_VERIFY_PART_BYTES, (i + 1) * MAX_VERIFY_PART_BYTES)) });
      }
      const last = bytesToBase64(bytes.subarray((parts - 1) * MAX_VERIFY_PART_BYTES));
      // What differs is worded in the app's language.
      result.value = await lab.verifyReport({ fileName: file.name, base64: last, ...(uploadId ? { uploadId } : {}), lang: currentLang() });
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  return { open, busy, fileName, result, error, verifyFile };
});
