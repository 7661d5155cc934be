// The built page carries the shell's Content Security Policy (injected from
// src/main/shell-policy.ts at build time), and Chromium enforces it: an injected inline script
// does not run.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell-policy'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

test('the page’s CSP is the shell’s, and an injected inline script is blocked', async () => {
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('csp'), 'workspace') })
  const { page } = workbench
  await expect(page.locator('tbody tr')).toHaveCount(5)
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(meta).toBe(CONTENT_SECURITY_POLICY)
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; violated: string | null }>((resolve) => {
        let violated: string | null = null
        document.addEventListener('securitypolicyviolation', (event) => {
          violated = event.violatedDirective
        })
        const script = document.createElement('script')
        script.textContent = 'window.__injected = true'
        document.body.append(script)
        setTimeout(() => resolve({ ran: (window as unknown as { __injected?: boolean }).__injected === true, violated }), 200)
      }),
  )
  expect(outcome).toEqual({ ran: false, violated: expect.stringMatching(/^script-src/) })
})
