import { describe, expect, it } from 'vitest';
import type { LabApi } from '@shared/api';
import { LabError } from '@shared/api';
import { withLabErrors } from './lab';

describe("the Electron window's lab", () => {
  const refused = (value: unknown): LabApi => ({ deleteRun: () => Promise.reject(value), on: () => () => undefined }) as unknown as LabApi;

  it('turns a refusal that crossed the context bridge into a LabError with its code and sentence', async () => {
    const err = await withLabErrors(refused({ name: 'LabError', code: 'not-found', message: 'There is no kept run x.' })).deleteRun({ runId: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect(err).toMatchObject({ code: 'not-found', message: 'There is no kept run x.' });
  });

  it('calls an unknown code internal, and keeps real errors as they are', async () => {
    await expect(withLabErrors(refused({ code: 'nonsense', message: 'odd' })).deleteRun({ runId: 'x' })).rejects.toMatchObject({ code: 'internal', message: 'odd' });
    const broken = new TypeError('bridge gone');
    await expect(withLabErrors(refused(broken)).deleteRun({ runId: 'x' })).rejects.toBe(broken);
  });
});
