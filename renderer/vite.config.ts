// Builds the renderer into out/renderer. Both shells serve the same build at the root of
// their own origin: the Electron window at app://lab/ (a privileged scheme served by
// electron/app/main.ts), browser mode at http://127.0.0.1:PORT/ (electron/app/browser-host.ts).
// `base: './'` keeps asset URLs relative, so the build does not depend on that origin.
// The lab guide (build/resources/guide/guide.html, the Electron Help menu's page) goes into
// the build as guide.html, so browser mode reaches it too, at /guide.html.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** Emits the lab guide and its Korean translation beside index.html, unchanged (their own CSP keeps them script-free). */
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
      for (const f of files) this.emitFile({ type: 'asset', fileName: f, source: readFileSync(path(f)) });
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
