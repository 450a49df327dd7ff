// The language the window switches to, told to the main side through the validated
// `setLanguage` call: remembered in the data folder's settings (read back at the next
// start), passed on so the desktop menu is rebuilt; bad calls and damaged settings files
// change nothing and are answered or reported in one sentence.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../shared/describe.js';
import { failure, labPerTest, ok } from './testing/backend.js';
import { readSettings, saveLanguage, SETTINGS_FILE_NAME } from './settings.js';

const lab = labPerTest('faultlab-settings-');

describe('setLanguage', () => {
  it('remembers the language per user and tells the desktop, which rebuilds its menu', async () => {
    const told: Lang[] = [];
    const backend = lab.make({ onLanguage: (l) => told.push(l) });
    expect(readSettings(lab.dataDir)).toEqual({});
    expect(await ok(backend.invoke('setLanguage', { lang: 'ko' }))).toEqual({ lang: 'ko' });
    expect(told).toEqual(['ko']);
    expect(readSettings(lab.dataDir)).toEqual({ lang: 'ko' });
    expect(await ok(backend.invoke('setLanguage', { lang: 'en' }))).toEqual({ lang: 'en' });
    expect(told).toEqual(['ko', 'en']);
    expect(readSettings(lab.dataDir)).toEqual({ lang: 'en' });
    expect(lab.logged).toEqual([]);
  });

  it('refuses a language it does not speak, or a call with more in it, and keeps what it remembered', async () => {
    const told: Lang[] = [];
    const backend = lab.make({ onLanguage: (l) => told.push(l) });
    await ok(backend.invoke('setLanguage', { lang: 'ko' }));
    for (const args of [{ lang: 'fr' }, { lang: 'ko', extra: 1 }, {}, { lang: 3 }]) {
      expect((await failure(backend.invoke('setLanguage', args))).code).toBe('bad-call');
    }
    expect((await failure(backend.invoke('setLanguage', { lang: 'fr' }))).error).toMatch(/^setLanguage: lang: /);
    expect(told).toEqual(['ko']);
    expect(readSettings(lab.dataDir)).toEqual({ lang: 'ko' });
  });
});

describe('the settings file', () => {
  it('gives the defaults for a damaged or hand-edited file, saying why, and is replaced by the next switch', () => {
    const path = join(lab.dataDir, SETTINGS_FILE_NAME);
    const problems: string[] = [];
    for (const content of ['{not json', '{"lang": "fr"}', '[1, 2]']) {
      writeFileSync(path, content);
      expect(readSettings(lab.dataDir, (m) => problems.push(m))).toEqual({});
    }
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe(`${path}: not valid JSON; using the default settings`);
    expect(problems[1]).toMatch(/: lang: .*; using the default settings$/);
    saveLanguage(lab.dataDir, 'ko');
    expect(readSettings(lab.dataDir)).toEqual({ lang: 'ko' });
  });

  it('keeps the fields it does not know (a later version\'s) when it saves the language', () => {
    const path = join(lab.dataDir, SETTINGS_FILE_NAME);
    writeFileSync(path, JSON.stringify({ lang: 'en', theme: 'dark' }));
    saveLanguage(lab.dataDir, 'ko');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ lang: 'ko', theme: 'dark' });
  });
});
