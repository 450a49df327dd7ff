/** Node's native SHA-256 for the shared code (event log digests), instead of the portable one. */
import { createHash } from 'node:crypto';
import { useSha256 } from '../../shared/json.js';

export function useNodeSha256(): void {
  useSha256(() => {
    const h = createHash('sha256');
    return {
      update: (text) => void h.update(text, 'utf8'),
      hex: () => h.digest('hex'),
    };
  });
}
