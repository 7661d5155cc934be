import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { zipSync } from 'fflate'
import iconv from 'iconv-lite'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { docxParts } from '../support/docx'
import { chinesePdf } from '../support/pdf'
import { gwrDir, seedsDir } from '../support/paths'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

/** Drops files on the window the way a file manager does: a drop event carrying File objects. */
async function dropFiles(page: Page, files: Array<{ name: string; bytes: Uint8Array }>): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, base64: Buffer.from(file.bytes).toString('base64') }))
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer()
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))
      transfer.items.add(new File([bytes], file.name))
    }
    return transfer
  }, payload)
  await page.dispatchEvent('.app', 'dragover', { dataTransfer })
  await page.dispatchEvent('.app', 'drop', { dataTransfer })
}

test('a dropped batch is previewed with its clean-up and metadata, then imported', async () => {
  const workspaceDir = join(await tempDir('import'), 'ws')
  await (await createWorkspace(workspaceDir, null)).close()
  workbench = await launchWorkbench({ workspaceDir })
  const { page, dialogs } = workbench
  await expect(page.getByTestId('library-empty')).toBeVisible()

  const reports = (await readdir(gwrDir)).filter((name) => name.endsWith('.txt')).sort()
  const files: Array<{ name: string; bytes: Uint8Array }> = await Promise.all(
    reports.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(gwrDir, name))) })),
  )
  const reply = await readFile(join(seedsDir, '004_7c649211ab158f35.txt'), 'utf8')
  files.push({ name: 'reply-gbk.txt', bytes: iconv.encode(reply, 'gbk') })
  files.push({ name: '工作方案.docx', bytes: zipSync(docxParts(['广州市科技创新专项资金管理工作方案', '到2022年，力争新增高新技术企业超过1000家。', '广州市科学技术局', '2021年4月1日'])) })
  files.push({ name: '通知.pdf', bytes: chinesePdf(['广州市科学技术局关于印发科技计划项目管理办法的通知', '穗科规字〔2020〕1号', '2020年5月1日']) })
  files.push({ name: 'scan.pdf', bytes: new TextEncoder().encode('this is not a pdf') })
  await dropFiles(page, files)

  const dialog = page.getByTestId('import-dialog')
  await expect(dialog.getByTestId('import-preview')).toHaveCount(9)
  await expect(dialog.getByTestId('import-failure')).toContainText('scan.pdf')
  const gwr2019 = dialog.locator('[data-file="2019_gwr_national.txt"]')
  await expect(gwr2019.locator('[data-rule="licence-footer"]')).toBeChecked()
  await expect(gwr2019.locator('[data-rule="wiki-line-breaks"]')).toBeChecked()
  await expect(gwr2019.locator('[data-meta="year"]')).toHaveValue('2019')
  await expect(gwr2019.locator('[data-meta="docType"]')).toHaveValue('government-work-report')
  const gbk = dialog.locator('[data-file="reply-gbk.txt"]')
  await expect(gbk.getByRole('combobox', { name: '编码' })).toHaveValue('gb18030')
  await expect(gbk.locator('[data-meta="docType"]')).toHaveValue('reply-to-cppcc-proposal')
  const docx = dialog.locator('[data-file="工作方案.docx"]')
  await expect(docx.locator('[data-meta="year"]')).toHaveValue('2021')
  const pdf = dialog.locator('[data-file="通知.pdf"]')
  await expect(pdf.locator('[data-meta="year"]')).toHaveValue('2020')
  await expect(pdf.getByRole('textbox', { name: '文号' })).toHaveValue('穗科规字〔2020〕1号')
  await saveScreenshot(page, 'import-preview')

  // Keep the 2019 report's wiki line breaks as they are; correct the Word file's type.
  await gwr2019.locator('[data-rule="wiki-line-breaks"]').uncheck()
  await docx.locator('[data-meta="docType"]').selectOption('action-plan')
  await dialog.getByRole('button', { name: '导入 9 个文件' }).click()
  await expect(page.locator('.banner-status')).toContainText('导入完成：9 个新文档，0 个重复，0 个失败。')
  await expect(page.locator('tbody tr')).toHaveCount(9)
  await expect(page.getByRole('row', { name: /工作方案/ })).toContainText('行动计划')

  const store = workbench.session.workspace!
  const report2019 = store.documents.find((doc) => doc.source.fileName === '2019_gwr_national.txt')!
  expect(report2019.meta).toMatchObject({ year: 2019, docType: 'government-work-report' })
  expect(report2019.cleanupApplied).toContain('licence-footer')
  expect(report2019.cleanupApplied).not.toContain('wiki-line-breaks')
  const text2019 = await store.text(report2019.id)
  expect(text2019).not.toContain('本作品是中华人民共和国的')
  expect(text2019).toContain('PM\n2.5')
  expect(store.documents.find((doc) => doc.source.fileName === 'reply-gbk.txt')?.source.encoding).toBe('gb18030')

  // The menu's file dialog takes the same path; a text already in the workspace is a duplicate.
  dialogs.nextFiles = [join(gwrDir, '2016_gwr_national.txt'), join(seedsDir, '002_6713f578bdf6ed27.txt')]
  await page.getByRole('button', { name: '导入文档…' }).click()
  await expect(dialog.getByTestId('import-preview')).toHaveCount(2)
  await dialog.getByRole('button', { name: '导入 2 个文件' }).click()
  await expect(page.locator('.banner-status')).toContainText('导入完成：1 个新文档，1 个重复，0 个失败。')
  await expect(page.locator('tbody tr')).toHaveCount(10)
  await saveScreenshot(page, 'import-done')
})
