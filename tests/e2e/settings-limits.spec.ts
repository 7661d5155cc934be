// The import limits in Settings: the row cap for annotation files is shown, can be raised, and
// an annotation file past it is refused with the cap named while nothing changes.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

test('the annotation row cap is a setting: shown, changed, and enforced with the cap named', async () => {
  workbench = await launchWorkbench({ workspaceDir: join(await tempDir('settings-limits'), 'workspace') })
  const { page, session } = workbench
  await expect(page.locator('tbody tr')).toHaveCount(5)
  await page.getByRole('button', { name: '设置', exact: true }).click()
  const rows = page.locator('input[data-setting="maxImportRows"]')
  await expect(page.getByText('导入标注的最多条数（每个文件）')).toBeVisible()
  await expect(rows).toHaveValue('100000')
  await rows.fill('2')
  await rows.blur()
  await expect.poll(() => session.workspace?.settings.maxImportRows).toBe(2)
  await saveScreenshot(page, 'settings-row-cap')

  const documentId = session.workspace!.documents[0]!.id
  const csv = ['document,document_title,document_year,label,start,end,quote,indicator,indicator_name,higher_is_better,value,unit,comparator,period_year,note,annotator,id,status']
  for (let i = 0; i < 3; i++) csv.push(`${documentId},,,target,,,x${i},,,,,,,,,,,`)
  const outcome = await session.dispatch('exchange.importBytes', { fileName: 'three.csv', base64: Buffer.from(csv.join('\n')).toString('base64') })
  expect(outcome).toMatchObject({ ok: true, value: { reports: [], failures: [{ error: { code: 'ANNOTATION_ROWS_TOO_MANY' } }] } })
  expect(JSON.stringify(outcome)).toContain('超过 2 条标注的导入上限')
})
