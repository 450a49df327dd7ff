/**
 * The renderer's CSP forbids eval, so zod must not compile its parsers with
 * `new Function`. Imported first by main.ts, before any schema parses anything.
 */
import { z } from 'zod';

z.config({ jitless: true });
