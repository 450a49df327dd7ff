/**
 * Node's native SHA-256 and HMAC-SHA256 for the shared code (event log digests, PBFT's
 * digests and MACs), instead of the portable ones: the same values, several times faster.
 */
import { createHash, createHmac } from 'node:crypto';
import { useHmacSha256, useSha256 } from '../../shared/json.js';

export function useNodeSha256(): void {
  useSha256(() => {
    const h = createHash('sha256');
    return {
      update: (text) => void h.update(text, 'utf8'),
      hex: () => h.digest('hex'),
    };
  });
  useHmacSha256((key) => {
    const k = Buffer.from(key);
    return (text) => createHmac('sha256', k).update(text, 'utf8').digest('hex');
  });
}
