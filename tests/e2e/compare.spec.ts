import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import ExcelJS from 'exceljs'
import Papa from 'papaparse'
import { annotateFixture, seedDocuments } from '../support/compare-fixture'
import { launchWorkbench, type LaunchedWorkbench } from './harness'
import { saveScreenshot, tempDir } from './helpers'

let workbench: LaunchedWorkbench | undefined
test.afterEach(async () => {
  await workbench?.close()
  workbench = undefined
})

test('compare across years: matrix, chart, click-through, CSV and XLSX, commitments, codebook', async () => {
  test.setTimeout(120_000)
  const workspaceDir = join(await tempDir('compare'), 'ws')
  workbench = await launchWorkbench({ workspaceDir, viewport: { width: 1440, height: 900 } })
  const { page, session, dialogs } = workbench
  const dispatch = (name: string, input: unknown) => session.dispatch(name, input)
  const annotated = await annotateFixture(dispatch, (observation) =>
    ['tech-contract-turnover', 'sci-tech-enterprises'].includes(observation.indicator),
  )
  expect(annotated).toHaveLength(10)

  await page.getByRole('button', { name: '对比', exact: true }).click()
  const matrix = page.getByTestId('compare-matrix')
  await expect(page.getByTestId('compare-count')).toHaveText('2 个指标 · 5 个年份')
  const tech = matrix.locator('tr[data-indicator="tech-contract-turnover"]')
  const sci = matrix.locator('tr[data-indicator="sci-tech-enterprises"]')
  // 2017 357亿元 and 2018 719亿元 actuals, a 2019 target of >850亿元 met by 1273.36亿元 from the 2020 reply.
  await expect(tech.locator('[data-year="2017"]')).toContainText('357 亿元')
  await expect(tech.locator('[data-year="2017"]')).toContainText('2019 工作总结与安排')
  await expect(tech.locator('[data-year="2018"]')).toContainText('719 亿元')
  const met = tech.locator('[data-year="2019"]')
  await expect(met).toHaveAttribute('data-status', 'met')
  await expect(met).toContainText('✓ 达成')
  await expect(met).toContainText('> 850 亿元')
  await expect(met).toContainText('1273.36 亿元')
  await expect(met).toContainText('2020 政协提案答复')
  for (const year of ['2020', '2021']) {
    await expect(tech.locator(`[data-year="${year}"]`)).toHaveAttribute('data-status', 'no-evidence')
    await expect(tech.locator(`[data-year="${year}"]`)).toContainText('? 无证据')
  }
  // The 2020 target for 科技创新企业: 20万 set in 2017, raised to 25万 in 2019; the newest comes first.
  const raised = sci.locator('[data-year="2020"] .figure-target')
  await expect(raised).toHaveCount(2)
  await expect(raised.nth(0)).toContainText('> 250000 家')
  await expect(raised.nth(0)).toContainText('2019')
  await expect(raised.nth(1)).toContainText('≥ 200000 家')
  await expect(raised.nth(1)).toContainText('较早的目标')
  await expect(sci.locator('[data-year="2020"] [data-testid="reached-earlier"]')).toHaveText('ℹ 2018 年的实际值已达到 2017 年定的目标 ≥ 200000 家')
  await saveScreenshot(page, 'compare-matrix')

  // Filters: only what was met.
  await page.getByRole('combobox', { name: '状态' }).selectOption('met')
  await expect(page.getByTestId('compare-count')).toHaveText('1 个指标 · 5 个年份')
  await page.getByRole('combobox', { name: '状态' }).selectOption('')
  // One issuer whatever the script: 廣州市科學技術局 (seed 002) is listed as 广州市科学技术局.
  await expect(page.getByRole('combobox', { name: '发文机关' }).locator('option', { hasText: '廣州市科學技術局' })).toHaveCount(0)
  // Seed 001 (2017, 广州市科技创新委员会) sets the 科技创新企业 targets for 2017 and 2020.
  await page.getByRole('combobox', { name: '发文机关' }).selectOption('广州市科技创新委员会')
  await expect(page.getByTestId('compare-count')).toHaveText('1 个指标 · 2 个年份')
  await page.getByRole('combobox', { name: '发文机关' }).selectOption('')
  await expect(page.getByTestId('compare-count')).toHaveText('2 个指标 · 5 个年份')

  // The chart of one indicator, saved as PNG and SVG.
  await tech.getByRole('button', { name: '技术合同成交额' }).click()
  const chart = page.getByTestId('compare-chart')
  await expect(chart.locator('canvas')).toHaveCount(1)
  const out = await tempDir('compare-out')
  dialogs.nextSaveFile = join(out, 'chart.png')
  await chart.getByRole('button', { name: '保存 PNG' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'chart.png' })).toBeVisible()
  const png = await readFile(join(out, 'chart.png'))
  expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG')
  dialogs.nextSaveFile = join(out, 'chart.svg')
  await chart.getByRole('button', { name: '保存 SVG' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'chart.svg' })).toBeVisible()
  const svg = await readFile(join(out, 'chart.svg'), 'utf8')
  expect(svg).toMatch(/^<svg[^>]*>/)
  expect(svg).toContain('2019')
  await saveScreenshot(page, 'compare-chart')

  // CSV (UTF-8 with BOM) and XLSX of what is shown.
  dialogs.nextSaveFile = join(out, 'matrix.csv')
  await page.getByRole('button', { name: '导出 CSV' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'matrix.csv' })).toBeVisible()
  const csv = await readFile(join(out, 'matrix.csv'), 'utf8')
  expect(csv.charCodeAt(0)).toBe(0xfeff)
  const rows = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true }).data
  expect(rows.filter((row) => row.indicator === 'tech-contract-turnover').map((row) => [row.year, row.status, row.target, row.actual])).toEqual([
    ['2017', '', '', '357 亿元'],
    ['2018', '', '', '719 亿元'],
    ['2019', '达成', '> 850 亿元', '1273.36 亿元'],
    ['2020', '无证据', '> 1000 亿元', ''],
    ['2021', '无证据', '> 1200 亿元', ''],
  ])
  const sci2020 = rows.find((row) => row.indicator === 'sci-tech-enterprises' && row.year === '2020')!
  expect([sci2020.target, sci2020.status, sci2020.status_code]).toEqual(['> 250000 家', '无证据', 'no-evidence'])
  expect(sci2020.earlier_targets).toContain('≥ 200000 家 (2017 人大建议答复')

  dialogs.nextSaveFile = join(out, 'matrix.xlsx')
  await page.getByRole('button', { name: '导出 Excel' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'matrix.xlsx' })).toBeVisible()
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(join(out, 'matrix.xlsx'))
  const sheet = book.getWorksheet('matrix')!
  expect(sheet.getRow(1).values).toEqual([undefined, 'indicator', 'name', 'unit', '2017', '2018', '2019', '2020', '2021'])
  const techRow = [2, 3].map((n) => sheet.getRow(n)).find((row) => row.getCell(1).value === 'tech-contract-turnover')!
  expect(String(techRow.getCell(6).value)).toContain('target > 850 亿元 (2019 action-plan)')
  expect(String(techRow.getCell(6).value)).toContain('actual 1273.36 亿元 (2020 reply-to-cppcc-proposal)')
  expect(String(techRow.getCell(6).value)).toContain('✓ met')
  expect(book.getWorksheet('cells')!.rowCount).toBe(1 + rows.length)

  // A figure opens the reader at its sentence, selected.
  await met.locator('.figure-actual').click()
  await expect(page.getByTestId('document-text')).toBeVisible()
  await expect(page.getByTestId('attributes-panel')).toContainText('「全年共认定登记技术合同21074项,成交额1273.36亿元」')
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '')
  await saveScreenshot(page, 'compare-click-through')
  expect(selected === '' || selected.includes('1273.36')).toBe(true)

  // Commitments: a 2017 commitment, its ranked candidates, one confirmed, a status set.
  const seeds = await seedDocuments(dispatch)
  const reply2017 = seeds.get('001_fa5698c1e2602520.txt')!
  for (const quote of ['积极筹建华南(广州)技术转移中心', '加快设立财政投入50亿元的广州市科技成果产业化引导基金']) {
    const start = reply2017.text.indexOf(quote)
    expect((await dispatch('annotations.create', { documentId: reply2017.id, start, end: start + quote.length, label: 'commitment' })).ok).toBe(true)
  }
  await page.getByRole('button', { name: '对比', exact: true }).click()
  await page.getByRole('button', { name: '承诺跟踪' }).click()
  const commitment = page.locator('.commitment').filter({ hasText: '积极筹建华南(广州)技术转移中心' })
  await expect(page.getByRole('heading', { name: '2017 年文档中的承诺' })).toBeVisible()
  await commitment.getByRole('button', { name: '查找后续…' }).click()
  const candidate = commitment.locator('.candidates li').filter({ hasText: '加快推进华南（广州）技术转移中心建设' })
  await expect(candidate).toBeVisible()
  await saveScreenshot(page, 'compare-commitment-candidates')
  await candidate.getByRole('button', { name: '确认为后续' }).click()
  await expect(commitment.locator('.follow-ups')).toContainText('加快推进华南（广州）技术转移中心建设')
  await commitment.getByRole('combobox', { name: '落实情况' }).selectOption('in-progress')
  await expect(commitment).toHaveClass(/follow-in-progress/)
  await saveScreenshot(page, 'compare-commitments')

  // Codebook: merge two indicators, the annotations follow.
  await page.getByRole('button', { name: '指标代码表' }).click()
  await expect(page.getByTestId('codebook').locator('tr[data-indicator="tech-contract-turnover"]')).toBeVisible()
  await page.getByRole('combobox', { name: '被合并的指标' }).selectOption('sci-tech-enterprises')
  await page.getByRole('combobox', { name: '合并到' }).selectOption('high-tech-enterprises')
  await page.getByRole('button', { name: '合并', exact: true }).click()
  await expect(page.getByTestId('codebook')).toContainText('迁移 4 条标注')
  await expect(page.getByTestId('codebook').locator('tr[data-indicator="sci-tech-enterprises"]')).toHaveCount(0)
  await saveScreenshot(page, 'compare-codebook')
  await page.getByRole('button', { name: '目标与成效' }).click()
  await expect(matrix.locator('tr[data-indicator="high-tech-enterprises"] [data-year="2020"] .figure-target')).toHaveCount(2)
})
