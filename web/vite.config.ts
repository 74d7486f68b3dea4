import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard's single-page app, built into dist/web and served by `storepulse start`.
// `npm run dev:web` serves it with hot reload against an instance on :8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // Response types come from the server's endpoint schemas (type-only imports).
  resolve: { alias: { '@api': new URL('../src/serve/api', import.meta.url).pathname } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: {
          charts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/admin': 'http://127.0.0.1:8080' } },
});
