import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { CONTENT_SECURITY_POLICY } from './src/main/shell-policy'

// The page's CSP has one source, src/main/shell-policy.ts, where a unit test checks it.
const contentSecurityPolicy = {
  name: 'workbench-content-security-policy',
  transformIndexHtml: (html: string) => html.replace('__WORKBENCH_CSP__', CONTENT_SECURITY_POLICY),
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve('src/main/app.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle the contract into one
      // CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react(), contentSecurityPolicy],
  },
})
