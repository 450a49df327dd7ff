/**
 * `faultlab` in Korean and English: the language comes from --lang, else LC_ALL,
 * LC_MESSAGES, LANG (the first set deciding), else English; help, errors, a run's summary,
 * the comparison table and verify's verdicts follow it; every JSON output is the same in
 * both languages (a contract).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURES, figureWords } from '../../shared/views/figures.js';
import { defaultScenario } from '../../shared/presets.js';
import { buildReport } from '../report/index.js';
import { runScenario } from '../runtime/run.js';
import { envLang } from './lang.js';
import { main } from './main.js';
import { CLI_WORDS, COMMAND_NAMES } from './words.js';

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const KO = { LANG: 'ko_KR.UTF-8' };
const label = (key: string, lang: 'en' | 'ko'): string => {
  const row = FIGURES.find((f) => f.key === key);
  if (!row) throw new Error(`no figure ${key}`);
  return figureWords(row, lang).label;
};

describe('the language of the command line', () => {
  it('is --lang, else LC_ALL, LC_MESSAGES, LANG in that order, else English', () => {
    expect(envLang({})).toBe('en');
    expect(envLang({ LANG: 'C.UTF-8' })).toBe('en');
    expect(envLang({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(envLang({ LC_MESSAGES: 'ko_KR', LANG: 'en_US.UTF-8' })).toBe('ko');
    expect(envLang({ LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'ko_KR', LANG: 'ko_KR' })).toBe('en');
    expect(envLang({ LC_ALL: '', LANG: 'ko' })).toBe('ko');
  });

  it('prints the help in English by default and in Korean when asked, every command in it', async () => {
    const en = await cli(['help']);
    expect(en.code).toBe(0);
    expect(en.out).toContain('usage: faultlab <command> [options]');
    for (const name of COMMAND_NAMES) expect(en.out).toContain(CLI_WORDS.en.help.summary[name]);
    for (const asked of [await cli(['help', '--lang', 'ko']), await cli(['help'], KO), await cli(['--lang=ko', 'help'], { LANG: 'en_US.UTF-8' })]) {
      expect(asked.code).toBe(0);
      expect(asked.out).toContain('사용법: faultlab <명령> [옵션]');
      expect(asked.out).toContain('종료 코드: 0 정상');
      for (const name of COMMAND_NAMES) expect(asked.out).toContain(CLI_WORDS.ko.help.summary[name]);
      expect(asked.out).not.toContain('runs a scenario');
    }
    // --lang wins over the environment.
    expect((await cli(['help', '--lang', 'en'], KO)).out).toContain('usage: faultlab');
  });

  it('says what is wrong with the input in the language chosen, with exit code 2', async () => {
    expect(await cli(['frobnicate'], KO)).toMatchObject({ code: 2, err: 'faultlab: 알 수 없는 명령 "frobnicate" (도움말: faultlab help)' });
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2, err: 'faultlab: unknown command "frobnicate" (try: faultlab help)' });
    expect(await cli(['run', '--mode', 'fast'], KO)).toMatchObject({ code: 2, err: 'faultlab: --mode: real 또는 sim이어야 하는데 "fast"입니다' });
    expect(await cli(['run', '--mode', 'sim', '--seed', 'x'], KO)).toMatchObject({ code: 2, err: 'faultlab: --seed: 정수여야 하는데 "x"입니다' });
    expect(await cli(['run', '--lang', 'fr'])).toMatchObject({ code: 2, err: 'faultlab: --lang: expected en or ko, got "fr"' });
    expect(await cli(['verify', '/nonexistent/report.html'], KO)).toMatchObject({ code: 2, err: 'faultlab: /nonexistent/report.html: 그런 파일이 없습니다' });
    expect(await cli(['verify'], KO)).toMatchObject({ code: 2, err: `faultlab: ${CLI_WORDS.ko.verify.expectReports}` });
  });

  it('prints a run in Korean, and the same JSON in both languages', async () => {
    const ko = await cli(['run', '--mode', 'sim', '--check', 'no-wrong'], KO);
    expect(ko.code).toBe(0);
    expect(ko.out).toMatch(new RegExp(`${label('requests.answeredCorrect', 'ko')}\\s+1000`));
    expect(ko.out).toContain('시뮬레이션, 시드 42');
    expect(ko.out).toContain('최종 상태 해시');
    const en = await cli(['run', '--mode', 'sim']);
    expect(en.out).toMatch(/Answered correctly\s+1000/);
    expect((await cli(['run', '--mode', 'sim', '--json'], KO)).out).toBe((await cli(['run', '--mode', 'sim', '--json'])).out);
  });

  it('prints the comparison table in Korean, and the same JSON in both languages', async () => {
    const ko = await cli(['compare', '--mode', 'sim'], KO);
    expect(ko.code).toBe(0);
    for (const s of ['상태 기계 복제', '주-백업', '강의: 투표', '측정: 요청 1000개 중', '측정이 강의와 어긋나거나 시험되지 않은 곳:', '장애 복제본 3 비잔틴']) expect(ko.out).toContain(s);
    expect(ko.out).not.toMatch(/lecture:|measured:|wrong of/);
    const en = await cli(['compare', '--mode', 'sim']);
    for (const s of ['lecture: Voting', 'measured: 0 wrong of 1000 accepted', 'dropped (primary-backup has only 2 replicas)']) expect(en.out).toContain(s);
    expect((await cli(['compare', '--mode', 'sim', '--json'], KO)).out).toBe((await cli(['compare', '--mode', 'sim', '--json'])).out);
  });
});

describe('faultlab verify in Korean', () => {
  let dir: string;
  let good: string;
  let edited: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faultlab-cli-ko-'));
    const run = await runScenario(defaultScenario(), 'sim', { dir: join(dir, 'run') });
    const { html } = buildReport({ run: { runDir: join(dir, 'run') }, student: { name: '김철수' }, lang: 'ko' });
    good = join(dir, 'good.html');
    writeFileSync(good, html);
    const lost = `<span data-fl="requests.lost">${run.summary.requests.lost}</span>`;
    expect(html).toContain(lost);
    edited = join(dir, 'edited.html');
    writeFileSync(edited, html.replace(lost, '<span data-fl="requests.lost">9</span>'));
  }, 120_000);

  it('says a report holds, and what differs in one that was edited, naming the figure in Korean', async () => {
    const ok = await cli(['verify', good], KO);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`검증됨: ${good}는 다시 실행한 결과와 일치합니다`);
    const bad = await cli(['verify', edited], KO);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`${edited}는 다시 실행한 결과와 다릅니다. 차이 1개:`);
    expect(bad.out).toContain(`  - 수치 "${label('requests.lost', 'ko')}" (requests.lost, 본문): 보고서에는 "9", 다시 실행한 결과는 "0"`);
    expect(bad.err).toBe('검증 실패: 차이 1개');
    const en = await cli(['verify', edited]);
    expect(en.out).toContain('  - figure "Lost" (requests.lost, shown): the report says "9", the re-run gives "0"');
    const many = await cli(['verify', good, edited], KO);
    expect(many.out.split('\n')).toEqual([`검증됨: ${good} (수치와 필드 ${/(\d+)개 확인/.exec(ok.out)?.[1]}개 확인)`, expect.stringMatching(new RegExp(`^실패: ${edited}: 수치 "`))]);
  });

  it('writes the same JSON in both languages', async () => {
    for (const args of [['verify', edited, '--json'], ['verify', good, edited, '--json']]) {
      const ko = await cli(args, KO);
      const en = await cli(args);
      expect(ko.out).toBe(en.out);
      expect(ko.out).not.toMatch(/수치|보고서에는|다시 실행한/);
    }
  });
});
