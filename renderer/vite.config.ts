// Builds the renderer into out/renderer. Both shells serve the same build at the root of
// their own origin: the Electron window at app://lab/ (a privileged scheme served by
// electron/app/main.ts), browser mode at http://127.0.0.1:PORT/ (electron/app/browser-host.ts).
// `base: './'` keeps asset URLs relative, so the build does not depend on that origin.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [vue()],
  resolve: { alias: { '@shared': here('../shared') } },
  build: {
    outDir: here('../out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', fs: { allow: [here('..')] } },
});
