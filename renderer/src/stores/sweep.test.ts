/**
 * The sweep form's schemes: the scenario's own until the student ticks one, sent in the
 * comparison's order whatever order they were ticked in, and none ticked refused with a
 * sentence before the lab is called; a new sweep's progress never shows under the last one's results.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { LabApi, SweepSpecInput } from '@shared/api';
import { useAppStore } from './app';
import { formSchemes, useSweepStore } from './sweep';

let sent: SweepSpecInput[];

beforeEach(() => {
  setActivePinia(createPinia());
  sent = [];
  const fake = {
    on: () => () => undefined,
    runSweep: async ({ spec }: { spec: SweepSpecInput }) => {
      sent.push(spec);
      return { mode: 'sim', result: { rows: [] }, csv: '', total: 0, cancelled: false };
    },
  } as unknown as LabApi;
  vi.spyOn(useAppStore(), 'lab').mockReturnValue(fake);
});

describe('the sweep form\'s schemes', () => {
  it("is the scenario's own scheme until one is ticked, then the ones ticked in the comparison's order", () => {
    expect(formSchemes({ schemes: null }, 'raft')).toEqual(['raft']);
    expect(formSchemes({ schemes: ['pbft', 'state-machine', 'raft'] }, 'raft')).toEqual(['state-machine', 'raft', 'pbft']);
    expect(formSchemes({ schemes: [] }, 'raft')).toEqual([]);
  });

  it('sends the schemes with the grid', async () => {
    const store = useSweepStore();
    await store.run({ scheme: 'primary-backup' }, 'primary-backup');
    store.form.schemes = ['pbft', 'primary-backup'];
    await store.run({ scheme: 'primary-backup' }, 'primary-backup');
    expect(sent.map((s) => s.schemes)).toEqual([['primary-backup'], ['primary-backup', 'pbft']]);
    expect(store.error).toBeNull();
  });

  it('drops the last sweep\'s results as soon as a new sweep starts', async () => {
    const store = useSweepStore();
    await store.run({ scheme: 'primary-backup' }, 'primary-backup');
    expect(store.outcome).not.toBeNull();
    const second = store.run({ scheme: 'primary-backup' }, 'primary-backup');
    expect(store.running).toBe(true);
    expect(store.outcome).toBeNull();
    await second;
    expect(store.outcome).not.toBeNull();
  });

  it('refuses a sweep with no scheme ticked, before calling the lab', async () => {
    const store = useSweepStore();
    store.form.schemes = [];
    await store.run({ scheme: 'raft' }, 'raft');
    expect(store.error).toBe('Schemes: tick at least one scheme');
    expect(sent).toEqual([]);
  });
});
