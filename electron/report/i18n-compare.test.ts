/**
 * The comparison table and verify in Korean: a Korean report's measured cells, the
 * lecture's claims, the verdicts, the notes under the table and the notes about faults
 * moved for a smaller cluster are all Korean (one implementation, shared/compare.ts with
 * shared/compare-words.ts, worded in the report's language), and such a report verifies;
 * verify in Korean names what differs, and the figure, in Korean; in English, as before.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../shared/presets.js';
import { FIGURES, figureWords } from '../../shared/views/figures.js';
import { runComparison } from './compare-run.js';
import { buildReport } from './index.js';
import { extractReportData, verifyReportHtml, visibleFigures } from './verify.js';
import { esc, scriptJson } from './html.js';

let runDir: string;
let ko: string;
let en: string;
beforeAll(async () => {
  runDir = join(mkdtempSync(join(tmpdir(), 'faultlab-compare-ko-')), 'run');
  // All four columns: the default scenario's liar (replica 3) is dropped from primary-backup's two replicas.
  await runComparison(defaultScenario(), 'sim', { dir: runDir, width: 'all' });
  ko = buildReport({ run: { runDir }, student: { name: '김철수' }, lang: 'ko' }).html;
  en = buildReport({ run: { runDir }, student: { name: 'Ada' } }).html;
}, 180_000);

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const text = (html: string): string => unescape(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();

/** The comparison section of a report, without the figures' markup. */
function tableSection(html: string, heading: string): string {
  const at = html.indexOf(`<h2>${heading}</h2>`);
  expect(at, heading).toBeGreaterThan(0);
  return html.slice(at, html.indexOf('</section>', at));
}

/**
 * Latin words left in a Korean text once the names, units and symbols a Korean lecturer
 * writes in Latin letters too are taken out (scheme names, k and n, ms, p50, r1, CPU,
 * SHA-256, the CLI's --fold, and "failover" glossed beside its Korean).
 */
function englishWords(s: string): string[] {
  const allowed = /^(Raft|PBFT|CPU|ms|k-?|n|p50|p99|r\d+|fold|failover)$/;
  return (s.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []).filter((w) => !allowed.test(w));
}

describe('a Korean report with a comparison', () => {
  it('states every measured cell of the table in Korean', () => {
    const cells = [...visibleFigures(ko).entries()].filter(([key]) => /^compare\.(arbitrary|loss|handling|copies|replicas|cost)\./.test(key));
    // Six rows, four columns.
    expect(cells.length).toBe(24);
    for (const [key, values] of cells) {
      for (const v of values) {
        expect(v, key).toMatch(/[가-힣]/);
        expect(englishWords(v), `${key}: ${v}`).toEqual([]);
      }
    }
    // The English report's cells are the comparison's English words, unchanged.
    expect(visibleFigures(en).get('compare.arbitrary.smr')).toEqual(['0 wrong of 1000 accepted (Byzantine: r3)']);
    expect(visibleFigures(ko).get('compare.arbitrary.smr')).toEqual(['요청 1000개 중 틀린 응답 수용 0개 (비잔틴: r3)']);
  });

  it('words the rows, the claims, the verdicts, the intro, the moved faults and every note under the table in Korean', () => {
    const section = tableSection(ko, '측정으로 채운 강의의 표');
    const notes = [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => unescape(m[1] ?? ''));
    expect(notes.length).toBeGreaterThan(3);
    for (const n of notes) {
      expect(n).toMatch(/[가-힣]/);
      expect(englishWords(n), n).toEqual([]);
    }
    const warn = /<p class="warn">([\s\S]*?)<\/p>/.exec(section)?.[1] ?? '';
    expect(warn).toContain('복제본 3 비잔틴');
    expect(englishWords(unescape(warn)), warn).toEqual([]);
    // Every word of the section, the measured cells, headings, intro, claims and verdicts included
    // (the rows of catalogue figures under the table hold values as the catalogue writes them).
    expect(englishWords(text(section.replace(/<tr class="measure">[\s\S]*?<\/tr>/g, '')))).toEqual([]);
    for (const phrase of ['강의: 투표', '강의 내용과 일치', '임의 장애, n = 3', 'k-장애 허용에 필요한 복제본 수']) expect(text(section)).toContain(phrase);
    // The English report is worded as before.
    const enSection = text(tableSection(en, "The lecture's table, measured"));
    for (const phrase of ['lecture: Voting', 'as the lecture says', 'arbitrary, n = 3', 'Replicas for k-resilience', 'dropped (primary-backup has only 2 replicas)']) expect(enSection).toContain(phrase);
  });

  it('verifies, untouched, in either language of the reader', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const r = await verifyReportHtml(ko, lang);
      expect(r.differences, lang).toEqual([]);
      expect(r.ok).toBe(true);
    }
    expect((await verifyReportHtml(en)).ok).toBe(true);
  });

  it('is caught when a Korean cell is edited, and verify in Korean names the figure in Korean', async () => {
    const edited = ko.replace('>요청 1000개 중 틀린 응답 수용 0개 (비잔틴: r3)<', '>요청 1000개 중 틀린 응답 수용 1개 (비잔틴: r3)<');
    expect(edited).not.toBe(ko);
    const r = await verifyReportHtml(edited, 'ko');
    expect(r.ok).toBe(false);
    expect(r.differences).toEqual([
      '수치 "임의(비잔틴) 장애 지원: 받아들인 틀린 응답, 상태 기계 복제" (compare.arbitrary.smr, 본문): 보고서에는 "요청 1000개 중 틀린 응답 수용 1개 (비잔틴: r3)", 다시 실행한 결과는 "요청 1000개 중 틀린 응답 수용 0개 (비잔틴: r3)"',
    ]);
    const inEnglish = await verifyReportHtml(edited);
    expect(inEnglish.differences).toEqual([
      'figure "Arbitrary (Byzantine) failure support: wrong answers accepted, state-machine replication" (compare.arbitrary.smr, shown): the report says "요청 1000개 중 틀린 응답 수용 1개 (비잔틴: r3)", the re-run gives "요청 1000개 중 틀린 응답 수용 0개 (비잔틴: r3)"',
    ]);
  });

  it('names an edited run figure, its notes and the figures it checked in Korean', async () => {
    const lost = FIGURES.find((f) => f.key === 'requests.lost');
    if (!lost) throw new Error('no figure requests.lost');
    const label = figureWords(lost, 'ko').label;
    expect(label).toMatch(/[가-힣]/);
    const edited = ko.replace('<span data-fl="requests.lost">0</span>', '<span data-fl="requests.lost">7</span>');
    expect(edited).not.toBe(ko);
    const r = await verifyReportHtml(edited, 'ko');
    expect(r.differences).toEqual([`수치 "${label}" (requests.lost, 본문): 보고서에는 "7", 다시 실행한 결과는 "0"`]);
    expect(r.figures.find((f) => f.key === 'requests.lost')).toMatchObject({ label, ok: false, stated: '7', value: '0' });
    for (const n of r.notes) expect(englishWords(n.replace(/\(seed \d+\)/, '')), n).toEqual([]);
    expect(r.notes.join(' ')).toContain('시나리오를 시뮬레이션으로 다시 실행했습니다');
    // The embedded data edited: the path stays the data's, the sentence is Korean.
    const data = ko.replace(/("lost":)0(,"undecided")/, '$13$2');
    expect(data).not.toBe(ko);
    expect((await verifyReportHtml(data, 'ko')).differences).toContain('summary.requests.lost: 보고서에는 3, 다시 실행한 결과는 0');
  });
});

describe('a Korean report made before the comparison was worded in Korean', () => {
  /** The Korean report as Fault Lab wrote it before 2 December 2026: the comparison's cells, shown and embedded, in English. */
  function withEnglishCells(koHtml: string, enHtml: string): { html: string; cells: number } {
    const english = visibleFigures(enHtml);
    let html = koHtml;
    let cells = 0;
    const data = extractReportData(koHtml);
    for (const [key, values] of visibleFigures(koHtml)) {
      const was = english.get(key)?.[0];
      if (!key.startsWith('compare.') || was === undefined || was === values[0]) continue;
      cells++;
      html = html.split(`<span data-fl="${esc(key)}">${esc(values[0] ?? '')}</span>`).join(`<span data-fl="${esc(key)}">${esc(was)}</span>`);
      data.figures[key] = was;
    }
    const script = /(<script type="application\/json" id="[^"]+">)[\s\S]*?(<\/script>)/;
    return { html: html.replace(script, (_m, open: string, close: string) => `${open}${scriptJson(data)}${close}`), cells };
  }

  it('verifies: each English cell says what the re-derived Korean one says, and the note says so', async () => {
    const old = withEnglishCells(ko, en);
    expect(old.cells).toBeGreaterThan(10);
    expect(visibleFigures(old.html).get('compare.arbitrary.smr')).toEqual(['0 wrong of 1000 accepted (Byzantine: r3)']);
    for (const lang of ['ko', 'en'] as const) {
      const r = await verifyReportHtml(old.html, lang);
      expect(r.differences, lang).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.figures.every((f) => f.ok)).toBe(true);
    }
    expect((await verifyReportHtml(old.html, 'ko')).notes.join(' ')).toContain(`비교표의 칸 ${old.cells}개가 영어로 되어 있습니다`);
    expect((await verifyReportHtml(old.html)).notes.join(' ')).toContain(`${old.cells} of the comparison's cells are in English`);
    // An untouched report of today says nothing of the kind.
    expect((await verifyReportHtml(ko)).notes.join(' ')).not.toContain('cells are in English');
  });

  it('is still caught when an English cell is edited', async () => {
    const old = withEnglishCells(ko, en);
    const edited = old.html.replace('>0 wrong of 1000 accepted (Byzantine: r3)<', '>1 wrong of 1000 accepted (Byzantine: r3)<');
    expect(edited).not.toBe(old.html);
    const r = await verifyReportHtml(edited);
    expect(r.ok).toBe(false);
    expect(r.differences).toEqual([
      'figure "Arbitrary (Byzantine) failure support: wrong answers accepted, state-machine replication" (compare.arbitrary.smr, shown): the report says "1 wrong of 1000 accepted (Byzantine: r3)", the re-run gives "요청 1000개 중 틀린 응답 수용 0개 (비잔틴: r3)"',
    ]);
  });
});
