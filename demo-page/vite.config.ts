/**
 * Builds the demo page (`immich-lens serve` serves demo-page/dist at `/`) and runs the component
 * tests (vitest + jsdom + @testing-library/svelte).
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${here}demo`,
  base: './',
  plugins: [svelte()],
  // svelte's browser build (mount, not SSR) under vitest too
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  build: { outDir: `${here}dist`, emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  test: {
    root: here,
    include: ['test/**/*.test.ts'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
  },
});
