import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Static files served by the system at /console (apps/server/src/console/mount-console.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [preact()],
  // The shared libraries the console bundles (pure TypeScript, no Node API), as tsconfig names them.
  resolve: {
    alias: {
      '@billing/csv': fileURLToPath(new URL('../../libs/csv/src/index.ts', import.meta.url)),
    },
  },
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
});
