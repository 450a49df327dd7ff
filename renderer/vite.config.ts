// Builds the renderer into out/renderer. Both shells serve the same build at the root of
// their own origin: the Electron window at app://lab/ (a privileged scheme served by
// electron/app/main.ts), browser mode at http://127.0.0.1:PORT/ (electron/app/browser-host.ts).
// `base: './'` keeps asset URLs relative, so the build does not depend on that origin.
// The lab guide (build/resources/guide/guide.html and guide.ko.html) goes into the build with
// the Korean font embedded for its Korean text: browser mode serves it at /guide.html, the
// Electron Help menu opens it from there (packaged: beside app.asar), and its Korean prints
// on a machine without a Korean font.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { withEmbeddedFont } from '../electron/report/fonts';
import { fileURLToPath } from 'node:url';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** Emits the lab guide and its Korean translation beside index.html, their Korean font embedded (their own CSP keeps them script-free). */
function labGuide(): Plugin {
  const files = ['guide.html', 'guide.ko.html'];
  const path = (f: string): string => here(`../build/resources/guide/${f}`);
  return {
    name: 'lab-guide',
    apply: 'build',
    buildStart() {
      for (const f of files) this.addWatchFile(path(f));
    },
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: f, source: withEmbeddedFont(readFileSync(path(f), 'utf8')) });
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [vue(), labGuide()],
  resolve: { alias: { '@shared': here('../shared') } },
  build: {
    outDir: here('../out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', fs: { allow: [here('..')] } },
});
