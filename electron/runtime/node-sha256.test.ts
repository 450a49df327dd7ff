/**
 * Node's SHA-256 and HMAC-SHA256 give the values the portable ones give (a PBFT replica
 * process uses Node's, the simulator in the window the portable ones: their MACs must agree).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createHmacSha256, portableHmacSha256, portableSha256, sha256Hex, useHmacSha256, useSha256 } from '../../shared/json.js';
import { useNodeSha256 } from './node-sha256.js';

afterAll(() => {
  useSha256(portableSha256);
  useHmacSha256(portableHmacSha256);
});

const jefe = new TextEncoder().encode('Jefe');
const texts = ['', 'what do ya want for nothing?', 'p|3|17|0123456789abcdef', 'état 한국어 ✓'];

describe('native and portable hashes', () => {
  it('give the same SHA-256 and HMAC-SHA256, RFC 4231 test case 2 included', () => {
    const portable = texts.map((t) => [sha256Hex(t), createHmacSha256(jefe)(t)]);
    useNodeSha256();
    const native = texts.map((t) => [sha256Hex(t), createHmacSha256(jefe)(t)]);
    expect(native).toEqual(portable);
    expect(native[1]?.[1]).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(native[0]?.[0]).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('keys each MAC with its own key', () => {
    useNodeSha256();
    const other = createHmacSha256(new TextEncoder().encode('Jeff'));
    expect(other('x')).not.toBe(createHmacSha256(jefe)('x'));
  });
});
