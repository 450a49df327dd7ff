/**
 * The font the report embeds for Korean (and other CJK) text, so that a student's name such
 * as 김철수 prints in the PDF on a machine without a Korean font, and reads in any browser.
 * The font is Noto Sans KR (SIL Open Font License) from the @fontsource/noto-sans-kr
 * package, which splits it into small subsets by unicode-range: only the subsets covering
 * characters the report uses are embedded, as base64 @font-face rules, so a report stays
 * small. An English-only report embeds nothing. The family comes first in the report's font
 * list (Chromium's fallback otherwise settles on a system font's empty boxes for some
 * syllables), and its faces are declared for CJK characters only, so Latin text keeps its font.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name the report's CSS uses (its own, so an installed font of the same name cannot stand in). */
export const REPORT_FONT_FAMILY = 'Fault Lab Noto Sans KR';

/** Characters a system's Latin fonts lack: Hangul, CJK ideographs and punctuation, full-width forms. */
const NEEDS_FONT_BLOCKS: readonly [number, number][] = [
  [0x1100, 0x11ff], [0x3000, 0x303f], [0x3130, 0x318f], [0x3200, 0x32ff], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0xac00, 0xd7af], [0xf900, 0xfaff], [0xff00, 0xffef],
];
const needsFont = (p: number): boolean => NEEDS_FONT_BLOCKS.some(([lo, hi]) => p >= lo && p <= hi);

interface Subset {
  /** The woff2 file beside the package's CSS. */
  file: string;
  /** Code point ranges, inclusive. */
  ranges: [number, number][];
}

let subsets: Subset[] | null = null;

/**
 * Where the font is: the packaged app carries its regular-weight files beside the bundle
 * (out/node/fonts/noto-sans-kr, copied by build/build-node.mjs; the app has no runtime
 * dependencies); from the sources (tests, development) it is the npm package itself.
 */
function packageDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const bundled = join(here, 'fonts', 'noto-sans-kr');
  if (existsSync(join(bundled, '400.css'))) return bundled;
  const req = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
  return dirname(req.resolve('@fontsource/noto-sans-kr/package.json'));
}

/** The regular-weight subsets as the package's CSS declares them (bold is synthesised). */
function loadSubsets(): Subset[] {
  if (subsets) return subsets;
  const dir = packageDir();
  const css = readFileSync(join(dir, '400.css'), 'utf8');
  const out: Subset[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(',').map((r): [number, number] => {
      const [lo, hi] = r.trim().replace(/^U\+/i, '').split('-');
      const a = parseInt(lo ?? '', 16);
      return [a, hi === undefined ? a : parseInt(hi, 16)];
    });
    out.push({ file: join(dir, 'files', file), ranges });
  }
  subsets = out;
  return out;
}

/** The characters of `text` that need the embedded font, as code points. */
export function codePointsNeedingFont(text: string): Set<number> {
  const out = new Set<number>();
  for (const ch of text) {
    const p = ch.codePointAt(0)!;
    if (needsFont(p)) out.add(p);
  }
  return out;
}

/**
 * @font-face rules (base64 woff2) for the subsets covering the characters of `text` that
 * need the font; '' when there are none. Throws if the font package is missing while
 * Korean text needs it (a report that would print □□□ is not written silently).
 */
export function fontFaceCss(text: string): string {
  const points = codePointsNeedingFont(text);
  if (points.size === 0) return '';
  const rules: string[] = [];
  for (const s of loadSubsets()) {
    const used = [...points].some((p) => s.ranges.some(([lo, hi]) => p >= lo && p <= hi));
    if (!used) continue;
    // The face is declared for the characters that need it only: the report's Latin text keeps
    // its own font although some subsets carry Latin letters too.
    const range = s.ranges
      .flatMap(([lo, hi]) => NEEDS_FONT_BLOCKS.map(([a, b]): [number, number] => [Math.max(lo, a), Math.min(hi, b)]))
      .filter(([lo, hi]) => lo <= hi)
      .map(([lo, hi]) => (lo === hi ? `U+${lo.toString(16)}` : `U+${lo.toString(16)}-${hi.toString(16)}`)).join(',');
    const data = readFileSync(s.file).toString('base64');
    rules.push(`@font-face { font-family: '${REPORT_FONT_FAMILY}'; font-style: normal; font-weight: 400; src: url(data:font/woff2;base64,${data}) format('woff2'); unicode-range: ${range}; }`);
  }
  return rules.join('\n');
}

/**
 * A self-contained page (the lab guide) with the font embedded for its own Korean text: the
 * subsets it needs as @font-face rules, the family first in the body's font list (its faces
 * cover CJK characters only, so Latin text keeps the page's font), and `font-src data:`
 * added to the page's CSP so the faces may load. A page with no such text is returned as it was.
 */
export function withEmbeddedFont(html: string): string {
  const faces = fontFaceCss(html);
  if (faces === '') return html;
  const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*?)(")/;
  if (!csp.test(html) || !html.includes('</head>')) throw new Error('the page has no Content-Security-Policy meta or no </head>: the font cannot be embedded');
  const body = /\bbody\s*\{[^}]*?font:\s*[^;]*?\/[\d.]+\s+([^;}]+)[;}]/.exec(html)?.[1]?.trim() ?? 'system-ui, sans-serif';
  const style = `<style>\n${faces}\nbody { font-family: '${REPORT_FONT_FAMILY}', ${body}; }\n</style>\n`;
  return html.replace(csp, (_m, head: string, end: string) => `${head.replace(/;?\s*$/, '')}; font-src data:${end}`).replace('</head>', `${style}</head>`);
}

