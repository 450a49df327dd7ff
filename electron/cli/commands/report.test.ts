/** `faultlab report --lang`: the report in the language asked for, and a clear refusal of one the lab does not speak. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { faultlab } from '../testing.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultlab-report-lang-'));
  const r = faultlab('run', 'examples/why-2k-plus-1-masked.faultlab.json', '--mode', 'sim', '--out', join(dir, 'run'));
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('faultlab report --lang', () => {
  it('writes the report in Korean, the exercise in its Korean words', () => {
    const html = join(dir, 'ko.html');
    const r = faultlab('report', join(dir, 'run'), '--out', html, '--lang', 'ko', '--exercise', 'why-2k-plus-1', '--student', '김철수');
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('<html lang="ko">');
    expect(text).toContain('<h1>Fault Lab — 실습 보고서</h1>');
    expect(text).toContain('왜 복제본이 2k+1개인가?');
    expect(text).toContain('k = 1일 때 투표자는 일치하는 응답이 몇 개 필요합니까?');
    expect(text).not.toContain('Why 2k+1 replicas?');
  });

  it('writes English without --lang, as before', () => {
    const html = join(dir, 'en.html');
    const r = faultlab('report', join(dir, 'run'), '--out', html, '--exercise', 'why-2k-plus-1');
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('Why 2k+1 replicas?');
  });

  it('refuses a language it does not speak, in one line, writing nothing', () => {
    const html = join(dir, 'fr.html');
    const r = faultlab('report', join(dir, 'run'), '--out', html, '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('faultlab: --lang: expected en or ko, got "fr"');
    expect(existsSync(html)).toBe(false);
  });
});
