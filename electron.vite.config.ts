import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/shell/index.ts'),
          web: resolve(import.meta.dirname, 'main/web/cli.ts'),
          server: resolve(import.meta.dirname, 'main/server/cli.ts'),
          // Loaded by the decryption pool as a worker thread, beside the chunks (decrypt-pool.ts).
          'decrypt-worker': resolve(import.meta.dirname, 'main/fitconnect/decrypt-worker.ts'),
        },
        // Chunks beside the entries: code that finds assets relative to its own file ('../../assets')
        // must sit two levels below the root, as it does in the source tree.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
    plugins: [react()],
  },
});
