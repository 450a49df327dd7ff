/** cloneJson: the deep copy shared/ uses instead of the hosts' structuredClone. */
import { describe, expect, it } from 'vitest';
import type { Json } from './json.js';
import { cloneJson } from './json.js';

describe('cloneJson', () => {
  it('copies deeply, in the same key order, sharing nothing', () => {
    const value: { [key: string]: Json } = { b: 1, a: [{ x: 'y' }, null, true], c: { d: { e: 2.5 } } };
    const copy = cloneJson(value);
    expect(copy).toEqual(structuredClone(value));
    expect(Object.keys(copy)).toEqual(['b', 'a', 'c']);
    (copy['a'] as { x: string }[])[0]!.x = 'changed';
    expect(value['a']).toEqual([{ x: 'y' }, null, true]);
  });

  it('keeps a "__proto__" key as data, as JSON.parse does', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as Json;
    const copy = cloneJson(value) as { [key: string]: Json };
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});
