/**
 * PDF from the report's HTML: Chromium's own print, driven headless through
 * playwright-core (no download: it uses the system's Chromium). The HTML needs no
 * network; Chromium is started with networking features off all the same.
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../runtime/files.js';
import type { Lang } from '../../shared/describe.js';
import { REPORT_WORDS } from './words.js';

/** Chromium (or playwright-core) is not available: no PDF can be printed here. */
export class PdfUnavailable extends Error {}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium to print with: FAULTLAB_CHROMIUM, else the first of the usual paths that exists. */
export function findChromium(): string | null {
  const env = process.env.FAULTLAB_CHROMIUM;
  if (env !== undefined && env !== '') return existsSync(env) ? env : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The Chromium to print with; throws PdfUnavailable (naming what was looked for) when there is none. */
export function requireChromium(): string {
  const executablePath = findChromium();
  if (executablePath === null) {
    throw new PdfUnavailable(`--pdf: no Chromium found (looked for ${process.env.FAULTLAB_CHROMIUM || CANDIDATES.join(', ')}); install chromium or set FAULTLAB_CHROMIUM, or leave out --pdf and print the HTML from a browser`);
  }
  return executablePath;
}

/** The report's language, as its <html> element says (English when it says none the lab speaks). */
function reportLang(html: string): Lang {
  const lang = /<html lang="([a-z]+)"/.exec(html)?.[1];
  return lang !== undefined && lang in REPORT_WORDS ? (lang as Lang) : 'en';
}

/** Prints report HTML to PDF bytes with the system Chromium; throws PdfUnavailable when there is none. */
export async function printHtmlToPdf(html: string): Promise<Buffer> {
  const executablePath = requireChromium();
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new PdfUnavailable(`--pdf: playwright-core is not installed (${(err as Error).message})`);
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    // Embedded fonts (Korean text) load after the page does: print once every one has loaded.
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#666;font-family:Helvetica,Arial,sans-serif">${REPORT_WORDS[reportLang(html)].footer}</div>`,
    });
  } finally {
    await browser.close();
  }
}

export async function htmlToPdf(html: string, pdfPath: string): Promise<void> {
  writeFileAtomic(pdfPath, await printHtmlToPdf(html));
}
