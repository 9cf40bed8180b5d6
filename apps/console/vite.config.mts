import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ at / (docs/console.md). `pnpm --filter @certlab/console dev` proxies the
// server's routes to a lab started with `pnpm start`.
const server = process.env.CERTLAB_CONSOLE_DEV_SERVER ?? 'http://127.0.0.1:8080';
// Prefixes, so '/ca/' needs its slash: '/ca' alone would also catch the console's '/campaigns'.
const proxied = ['/api', '/KeyfactorAPI', '/CMSApi', '/crl/', '/ca/'];

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The contracts' TypeScript sources, so the bundler sees ES modules it can tree-shake.
    alias: {
      '@certlab/contracts': fileURLToPath(
        new URL('../../packages/contracts/src/index.ts', import.meta.url),
      ),
    },
  },
  build: { outDir: 'dist', sourcemap: true, reportCompressedSize: true },
  server: { proxy: Object.fromEntries(proxied.map((path) => [path, server])) },
});
