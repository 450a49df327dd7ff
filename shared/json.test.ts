/** cloneJson: the deep copy shared/ uses instead of the hosts' structuredClone. */
import { describe, expect, it } from 'vitest';
import type { Json } from './json.js';
import { canonicalJson, cloneJson, shortHash } from './json.js';
import { Rng } from './rng.js';

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

/** The plain definition canonicalJson must agree with, character for character. */
function referenceCanonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${referenceCanonicalJson(value[k] as Json)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and escapes as JSON does', () => {
    expect(canonicalJson({ b: [1, { z: null, a: 'x"y' }], a: -0, c: 1e21, d: 0.1, e: true })).toBe('{"a":0,"b":[1,{"a":"x\\"y","z":null}],"c":1e+21,"d":0.1,"e":true}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson(Number.NaN as Json)).toBe('null');
  });

  it('gives the same text as the plain definition on random values', () => {
    const seed = 20261202;
    process.stdout.write(`canonicalJson property seed=${seed}\n`);
    const rng = Rng.fromSeed(seed);
    const atoms: Json[] = [null, true, false, 0, -0, 1, -7, 3.25, 1e-7, 2 ** 53, Number.MAX_VALUE, '', 'a', 'é\n"\\', '\u2028', '😀', 'forged-r3', '\ud800', 'x\udfff', '\u001f', '\u007f', 'tab\t', 'a/b', 'c1r23~r3'];
    const keyChars = ['a', 'b', 'B', '_', '0', '10', '9', 'é', ' ', '"', '__proto__', 'key'];
    const gen = (depth: number): Json => {
      const roll = rng.int(0, depth > 3 ? 0 : 3);
      if (roll === 0) return rng.pick(atoms);
      if (roll === 1) return Array.from({ length: rng.int(0, 4) }, () => gen(depth + 1));
      const o: { [key: string]: Json } = {};
      for (let i = rng.int(0, 5); i > 0; i--) Object.defineProperty(o, rng.pick(keyChars) + rng.pick(keyChars), { value: gen(depth + 1), enumerable: true, writable: true, configurable: true });
      return o;
    };
    for (let i = 0; i < 2000; i++) {
      const v = gen(0);
      expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
    }
  });
});

describe('shortHash', () => {
  it('is sixteen lowercase hex digits: the two FNV-1a lanes, zero-padded', () => {
    // The lanes as first defined, with Number#toString(16) and padStart.
    const reference = (value: Json): string => {
      const text = referenceCanonicalJson(value);
      let a = 0x811c9dc5;
      let b = 0x01000193 ^ text.length;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
    };
    for (let i = 0; i < 5000; i++) {
      const value: Json = i % 3 === 0 ? { value: i } : i % 3 === 1 ? { data: { a: `c${i}r${i * 7}`, b: 'ok' } } : [i, -i, `x${i}`];
      expect(shortHash(value)).toBe(reference(value));
    }
    expect(shortHash({ value: 0 })).toMatch(/^[0-9a-f]{16}$/);
  });
});
