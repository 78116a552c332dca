/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    react(),
    // The web app manifest and the service worker (src/serviceworker/sw.ts, built
    // from Workbox's modules): the app opens without signal. See docs/security.md
    // ("Offline data") for what is kept on the device.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/serviceworker',
      filename: 'sw.ts',
      // The page shows "A new version is ready — Reload" and the worker waits for it.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        name: 'Shopfloor',
        short_name: 'Shopfloor',
        description: 'Shopfloor: organise your workplace with your co-workers.',
        lang: 'en-GB',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#364fc7',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The app shell, every route's chunk and every language's catalogue.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // The build's own manifest is for scripts/first-page-size.mjs, not for browsers.
        globIgnores: ['.vite/**'],
      },
      devOptions: { enabled: false },
    }),
  ],
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    // dist/.vite/manifest.json lets scripts/first-page-size.mjs find the chunks.
    manifest: true,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    pool: 'threads',
    maxWorkers: 2,
  },
});
