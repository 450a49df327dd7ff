/** Where kept runs go: the flag, else FAULTLAB_DATA_DIR, else the platform's app-data folder. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformDataDir, resolveDataDir } from './data-dir.js';

describe('the data folder', () => {
  it("is the platform's application-data folder by default", () => {
    expect(platformDataDir('linux', {}, '/home/ada')).toBe(join('/home/ada', '.local', 'share', 'fault-lab'));
    expect(platformDataDir('linux', { XDG_DATA_HOME: '/data/ada' }, '/home/ada')).toBe(join('/data/ada', 'fault-lab'));
    expect(platformDataDir('darwin', {}, '/Users/ada')).toBe(join('/Users/ada', 'Library', 'Application Support', 'Fault Lab'));
    expect(platformDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(join('C:\\Users\\ada\\AppData\\Roaming', 'Fault Lab'));
  });

  it('prefers --data-dir, then FAULTLAB_DATA_DIR, then the fallback', () => {
    const fallback = (): string => '/fallback';
    expect(resolveDataDir('/flag', fallback, { FAULTLAB_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, fallback, { FAULTLAB_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, fallback, {})).toBe('/fallback');
    expect(resolveDataDir('', fallback, {})).toBe('/fallback');
  });
});
