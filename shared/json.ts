/** JSON values, canonical serialisation and short content hashes. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON with object keys sorted, so equal values always serialise to equal text. Replicas
 * hash their state with it after every operation: it builds the text in one pass, with no
 * intermediate arrays (a finite number's JSON is its ToString, as JSON.stringify defines it).
 */
export function canonicalJson(value: Json): string {
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i] as Json);
    return `${text}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    text += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`;
  }
  return `${text}}`;
}

/**
 * A 16-hex-digit fingerprint of a value: two 32-bit FNV-1a lanes over its canonical JSON.
 * Replicas hash their state after every operation, so it must be cheap (about a tenth of
 * SHA-256 on small states); it tells states apart, it is not a cryptographic digest.
 */
export function shortHash(value: Json): string {
  const text = canonicalJson(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * A deep copy of a JSON value, keys in the same order. (structuredClone belongs to the
 * hosts, Node and the browser, not to the language that shared/ is limited to.)
 */
export function cloneJson<T extends Json>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  // fromEntries defines each key as an own property, "__proto__" included.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneJson(v)])) as T;
}

export function jsonEqual(a: Json, b: Json): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export interface Sha256 {
  update(text: string): void;
  hex(): string;
}

/** SHA-256 in plain TypeScript: works everywhere (the window included). */
export const portableSha256 = (): Sha256 => {
  const h = sha256.create();
  return {
    update: (text) => void h.update(utf8ToBytes(text)),
    hex: () => bytesToHex(h.digest()),
  };
};

let sha256Factory: () => Sha256 = portableSha256;

/**
 * Lets a host with a native SHA-256 (Node's crypto) supply it: hashing a large event log
 * is then several times faster. Every implementation gives the same digest.
 */
export function useSha256(factory: () => Sha256): void {
  sha256Factory = factory;
}

/** Incremental SHA-256 over UTF-8 text, for hashing an event log line by line. */
export function createSha256(): Sha256 {
  return sha256Factory();
}
