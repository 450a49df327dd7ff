/** JSON values, canonical serialisation and short content hashes. */
import { hmac } from '@noble/hashes/hmac.js';
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
  if (typeof value === 'string') return quotedString(value);
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
    text += `${i === 0 ? '' : ','}${quotedKey(k)}:${canonicalJson(value[k] as Json)}`;
  }
  return `${text}}`;
}

/**
 * A string as JSON.stringify writes it: between quotes as it is when no character needs an
 * escape (a quote, a backslash, a control character or a lone surrogate), else by JSON.stringify.
 */
function quotedString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** Keys as JSON strings, for the few keys states and values use over and over (bounded). */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
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
  // Sixteen lowercase hex digits in one flat string: Number#toString(16) and padStart cost
  // several times the hashing itself, and every apply event keeps one of these strings.
  return String.fromCharCode(
    hexDigit(a >>> 28),
    hexDigit((a >>> 24) & 15),
    hexDigit((a >>> 20) & 15),
    hexDigit((a >>> 16) & 15),
    hexDigit((a >>> 12) & 15),
    hexDigit((a >>> 8) & 15),
    hexDigit((a >>> 4) & 15),
    hexDigit(a & 15),
    hexDigit(b >>> 28),
    hexDigit((b >>> 24) & 15),
    hexDigit((b >>> 20) & 15),
    hexDigit((b >>> 16) & 15),
    hexDigit((b >>> 12) & 15),
    hexDigit((b >>> 8) & 15),
    hexDigit((b >>> 4) & 15),
    hexDigit(b & 15),
  );
}

/** The character code of a hex digit 0-15 ('0'-'9', 'a'-'f'). */
function hexDigit(n: number): number {
  return n < 10 ? 48 + n : 87 + n;
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

/**
 * Characters a reader cannot see or that reorder text on screen: C0/C1 controls (other than
 * tab and newline), no-break and zero-width spaces, bidi controls, separators, the BOM.
 */
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08], [0x0b, 0x1f], [0x7f, 0x9f], [0xa0, 0xa0], [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c],
  [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180e, 0x180e], [0x2000, 0x200f], [0x2028, 0x202f],
  [0x205f, 0x206f], [0x3000, 0x3000], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff],
  [0xffa0, 0xffa0], [0xfff9, 0xfffb],
];

function isInvisible(code: number): boolean {
  return INVISIBLE_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
}

/** The text with each invisible character written as <U+XXXX>, so a message can show it. */
export function showInvisible(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += isInvisible(code) ? `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>` : text.charAt(i);
  }
  return out;
}

/** The text without one leading byte-order mark (editors on Windows save UTF-8 with one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function jsonEqual(a: Json, b: Json): boolean {
  // Most comparisons are of answers (a number, a string, true): decided without writing them out.
  if (a === b) return true;
  if (isPlain(a) || isPlain(b)) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** A value whose canonical JSON only an identical value shares: a string, a boolean, a finite number. */
function isPlain(v: Json): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
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

/** The SHA-256 of UTF-8 text, in hex. */
export function sha256Hex(text: string): string {
  const h = sha256Factory();
  h.update(text);
  return h.hex();
}

/** HMAC-SHA256 under one key: the MAC of UTF-8 text, in hex. */
export type HmacSha256 = (text: string) => string;

/** HMAC-SHA256 in plain TypeScript (the key's padding hashed once, cloned for each MAC). */
export const portableHmacSha256 = (key: Uint8Array): HmacSha256 => {
  const keyed = hmac.create(sha256, key);
  return (text) => bytesToHex(keyed.clone().update(utf8ToBytes(text)).digest());
};

let hmacFactory: (key: Uint8Array) => HmacSha256 = portableHmacSha256;

/**
 * Lets a host with a native HMAC (Node's crypto) supply it, as useSha256 does: PBFT's
 * replicas MAC every message they send and check every one they get. Every implementation
 * gives the same MAC.
 */
export function useHmacSha256(factory: (key: Uint8Array) => HmacSha256): void {
  hmacFactory = factory;
}

/** An HMAC-SHA256 keyed with `key`. */
export function createHmacSha256(key: Uint8Array): HmacSha256 {
  return hmacFactory(key);
}
