import { mkdtemp, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from '@playwright/test'

export const screenshotDir = resolve(import.meta.dirname, '../../test-results/screenshots')

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `pwb-${prefix}-`))
}

/** Saves a screenshot for people to look at (README, review), not for pixel comparison. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true })
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) })
}
