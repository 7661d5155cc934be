// Launches the real Electron app. Electron ≥ 42 downloads its binary on first launch, so where
// it has never been fetched (no network, as on the CI machines) this test skips and says why.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { saveScreenshot, tempDir } from './helpers'

const projectRoot = resolve(import.meta.dirname, '../..')
const binaryMarker = join(projectRoot, 'node_modules/electron/path.txt')

test('the Electron app opens on the sample corpus', async () => {
  test.skip(
    !existsSync(binaryMarker),
    'Electron binary not present (node_modules/electron/path.txt missing): it is downloaded on the first `npm start` with a network connection.',
  )
  const userData = await tempDir('electron-user-data')
  const app = await electron.launch({
    args: [join(projectRoot, 'out/main/index.js')],
    cwd: projectRoot,
    env: { ...process.env, POLICY_WORKBENCH_USER_DATA: userData },
  })
  try {
    const window = await app.firstWindow()
    await expect(window.locator('tbody tr')).toHaveCount(5)
    // The renderer is sandboxed: no Node globals leak into the page.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    await saveScreenshot(window, 'electron-library')
  } finally {
    await app.close()
  }
})
