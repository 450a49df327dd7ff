/**
 * Serving the built renderer (out/renderer) safely, shared by the Electron window's
 * `app://` protocol and the browser-mode host: a request path maps to a file inside the
 * renderer folder or to nothing (no `..`, no encoded separators, no symlink out of the
 * folder), and every response carries the same strict security headers.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The Content-Security-Policy of the lab's pages. Scripts only from the app itself (no
 * inline script, no eval: the renderer sets zod's `jitless`), styles from the app plus
 * inline style attributes (the UI kit positions popups with them), no plugins, no
 * framing, no form posts. `connect` lists the one WebSocket origin of browser mode.
 */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response of the lab's pages. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}

/** index.html must never be cached (it names the current build's assets); the hashed assets may be revalidated. */
export function cacheControlOf(file: string): string {
  return extname(file).toLowerCase() === '.html' ? 'no-store' : 'no-cache';
}

/**
 * The file a URL path names inside root, or null when it names nothing servable: a path
 * that is malformed, leaves root (`..`, encoded slashes, a symlink pointing out), holds a
 * NUL, or is not a regular file. `/` is index.html.
 */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch (err) {
    if (err instanceof URIError) return null;
    throw err;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((part) => part === '..')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.slice(1);
  const base = resolve(root);
  const candidate = resolve(base, rel);
  const inside = relative(base, candidate);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  if (!existsSync(candidate)) return null;
  // A symlink inside the folder must not lead out of it.
  const real = realpathSync(candidate);
  const realBase = realpathSync(base);
  if (real !== realBase && !real.startsWith(realBase + sep)) return null;
  if (!statSync(real).isFile()) return null;
  return real;
}

/** Whether the built renderer is present (its index.html). */
export function rendererBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

/**
 * The built renderer folder: out/renderer beside the bundled out/node/*.cjs, or, when
 * this module runs from source (tests), the project's out/renderer.
 */
export function defaultRendererDir(): string {
  const candidates = [join(__dirname, '..', 'renderer'), join(__dirname, '..', '..', 'out', 'renderer')];
  return candidates.find(rendererBuilt) ?? candidates[0] ?? 'out/renderer';
}
