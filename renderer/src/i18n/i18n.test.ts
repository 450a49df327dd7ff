/**
 * The Korean table against the English one: every message has Korean text of its own
 * (not empty, not the English left in place) unless it is on the short list of words both
 * languages write alike; and no component's template shows English outside the tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ko } from './ko';
import { englishInTemplate, untranslated } from './check';
import { PRESETS } from '@shared/presets';
import { presetWords } from './presets';

describe('the Korean messages', () => {
  it('translate every English message (untranslated keys listed)', () => {
    expect(untranslated(en, ko)).toEqual([]);
  });

  it('are caught when a message is left empty, in English, or written half in English', () => {
    expect(untranslated({ a: { b: 'Run', c: 'Replica', d: 'Stop' } }, { a: { b: 'Run', c: 'Replica', d: '중지' } })).toEqual(['a.b', 'a.c']);
    expect(untranslated({ a: { b: 'Run', c: 'Stop' } }, { a: { b: '실행' } })).toEqual(['a.c']);
    expect(untranslated({ f: (n: number) => `Run ${n}` }, { f: (n: number) => `Run ${n}` })).toEqual(['f']);
    expect(untranslated({ s: 'The run has ended' }, { s: '실행이 끝났습니다 (the run has ended)' })).toEqual(['s']);
    expect(untranslated({ s: 'Stop' }, { s: '' })).toEqual(['s']);
    expect(untranslated({ s: 'Stop' }, { s: '중지' })).toEqual([]);
  });
});

describe('the built-in labs', () => {
  it('have Korean titles and descriptions, and the English table says what the presets say', () => {
    for (const p of PRESETS) {
      expect(presetWords(p, 'en')).toEqual({ title: p.title, description: p.description });
      const ko = presetWords(p, 'ko');
      expect(ko.title, p.id).not.toBe(p.title);
      expect(ko.description, p.id).not.toBe(p.description);
      const own = (en.presets as Partial<Record<string, { title: string; description: string }>>)[p.id];
      if (own) expect(own).toEqual({ title: p.title, description: p.description });
    }
    expect(presetWords({ id: 'split-brain/fencing', title: '', description: '' }, 'ko').title).toBe('펜싱 없는 스플릿 브레인 — 네트워크 분할, 펜싱 켜짐');
  });
});

describe('the components’ templates', () => {
  const dir = fileURLToPath(new URL('../components', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.vue'));
  const app = fileURLToPath(new URL('../App.vue', import.meta.url));

  it('show no English text outside the message tables', () => {
    const found = [...files.map((f) => join(dir, f)), app].flatMap((path) => englishInTemplate(readFileSync(path, 'utf8')).map((text) => `${path.split(/[\\/]/).pop()}: ${text}`));
    expect(found).toEqual([]);
  });

  it('are caught when an English sentence, label or placeholder is added', () => {
    // The event log as it was before its words went into the tables.
    const before = readFileSync(join(dir, 'EventLog.vue'), 'utf8').replace('{{ t.log.title }}', 'Event log').replace(':placeholder="t.log.search"', 'placeholder="Search text"');
    expect(englishInTemplate(before)).toEqual(['Event log', 'placeholder="Search text"']);
    expect(englishInTemplate('<template><p class="x">{{ t.a }}</p><span>Run the lab now</span></template>')).toEqual(['Run the lab now']);
    expect(englishInTemplate('<template><el-input placeholder="Search text" :aria-label="t.b" /></template>')).toEqual(['placeholder="Search text"']);
    expect(englishInTemplate('<template><el-button :disabled="a => b > c">Draw</el-button></template>')).toEqual(['Draw']);
    expect(englishInTemplate('<template><p>{{ t.x }} · {{ n }} ms</p><h1>Fault Lab</h1></template>')).toEqual([]);
  });
});

describe('a kept run’s name in Korean', () => {
  it('rewords the suffixes a fork and a run of chosen messages get, nested ones too, and leaves the rest as written', async () => {
    const { runNameIn } = await import('./run-name');
    expect(runNameIn('Voting masks one liar (fork at 1500 ms)', 'ko')).toBe('Voting masks one liar (1,500 ms에서 갈라져 나옴)');
    expect(runNameIn('Failover (messages chosen from 200 ms) (fork at 900 ms)', 'ko')).toBe('Failover (200 ms부터 메시지를 직접 고름) (900 ms에서 갈라져 나옴)');
    expect(runNameIn('Failover (fork at 900 ms)', 'en')).toBe('Failover (fork at 900 ms)');
    expect(runNameIn('Split brain (fork at noon)', 'ko')).toBe('Split brain (fork at noon)');
    // The English suffixes are the ones the main side writes.
    const { forkScenario } = await import('@shared/fork');
    const { defaultScenario } = await import('@shared/presets');
    const parent = defaultScenario();
    const forked = forkScenario(parent, 1500, { add: [{ atMs: 1500, type: 'crash', replica: 1 }] }).scenario.name;
    expect(forked).toBe(`${parent.name}${en.runs.forkSuffix('1500')}`);
    expect(runNameIn(forked, 'ko')).toBe(`${parent.name} (1,500 ms에서 갈라져 나옴)`);
    expect(en.runs.chosenSuffix('200')).toBe(' (messages chosen from 200 ms)');
  });
});
