import { defineConfig } from '@playwright/test'

// The end-to-end tests drive Debian's Chromium through tests/e2e/harness.ts; they never need
// the Electron binary (the Electron smoke test skips itself where it is missing).
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/artifacts',
  // Two cores: one Chromium at a time keeps timings steady.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure' },
})
