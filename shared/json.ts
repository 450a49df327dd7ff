/** JSON values, canonical serialisation and short content hashes. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted, so equal values always serialise to equal text. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** A 16-hex-digit digest of a value: enough to tell replica states apart on screen. */
export function shortHash(value: Json): string {
  return sha256Hex(canonicalJson(value)).slice(0, 16);
}

export function jsonEqual(a: Json, b: Json): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Incremental SHA-256 over UTF-8 text, for hashing an event log line by line. */
export function createSha256(): { update(text: string): void; hex(): string } {
  const h = sha256.create();
  return {
    update: (text) => void h.update(utf8ToBytes(text)),
    hex: () => bytesToHex(h.digest()),
  };
}
