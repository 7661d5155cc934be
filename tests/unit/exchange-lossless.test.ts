// Issue 10 around the round trip: a file imported twice (ask, replace, keep both; the CLI
// refuses by default), CSV rows whose extra columns cannot be right (each listed with its reason,
// nothing written), no export without an annotator, and counts in code points on the CLI.
import { createHash } from 'node:crypto'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { ExchangeImportBatch } from '../../src/shared/api'
import { csvColumns } from '../../src/shared/exchange/csv'
import type { SourceSummary } from '../../src/shared/review'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { SourceStore } from '../../src/main/services/sources'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { seedsDir, tempDir } from '../support/paths'
import { ScriptedDialogs, closedAfterEach, call } from '../support/session'
import { cli } from './run-cli'


const sessions = closedAfterEach()

async function open(name: string, annotator = '分析员甲') {
  const dialogs = new ScriptedDialogs()
  const s = new WorkbenchSession({ seedsDir, dialogs })
  sessions.push(s)
  const dir = join(await tempDir(name), 'ws')
  await s.start(dir)
  if (annotator) await call(s, 'settings.update', { annotator })
  return { s, dialogs, dir }
}


async function annotate(s: WorkbenchSession, quotes: string[]): Promise<string> {
  const doc = s.workspace!.documents.find((d) => d.source.fileName.startsWith('003_'))!
  const text = await s.workspace!.text(doc.id)
  for (const quote of quotes) {
    const start = text.indexOf(quote)
    await call(s, 'annotations.create', { documentId: doc.id, start, end: start + quote.length, label: 'target', attributes: { value: 1, valueMax: 2 } })
  }
  return doc.id
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {}
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (!entry.name.endsWith('.lock')) result[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex')
    }
  }
  await walk(dir)
  return result
}

describe('a file whose content was imported before', () => {
  it('is held and asked about: replace keeps the source (same id, new content), keep both adds “… (2)”', async () => {
    const { s, dialogs } = await open('dup')
    await annotate(s, ['强化科技创新引领'])
    const file = join(await tempDir('dup-file'), 'a.pwb.json')
    dialogs.saveTo = file
    await call(s, 'exchange.export', { format: 'json' })
    dialogs.files = [file]
    const first = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    const original = first.reports[0].source
    expect(original.name).toBe('分析员甲')

    dialogs.files = [file]
    const again = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(again.reports).toEqual([])
    expect(again.failures).toEqual([])
    expect(again.duplicates).toHaveLength(1)
    expect(again.duplicates![0]).toMatchObject({ fileName: 'a.pwb.json', sourceId: original.id, sourceName: '分析员甲', copyName: '分析员甲 (2)' })
    expect(again.duplicates![0].message).toContain('分析员甲')
    // Nothing was written while the question is open.
    expect((await call<SourceSummary[]>(s, 'sources.list', {})).length).toBe(2)

    const kept = await call<ExchangeImportBatch>(s, 'exchange.resolveDuplicate', { token: again.duplicates![0].token, choice: 'keep-both' })
    expect(kept.reports[0].source.name).toBe('分析员甲 (2)')
    expect(kept.reports[0].source.id).not.toBe(original.id)
    // A token answers once.
    expect((await s.dispatch('exchange.resolveDuplicate', { token: again.duplicates![0].token, choice: 'replace' })).ok).toBe(false)

    dialogs.files = [file]
    const third = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(third.duplicates![0].copyName).toBe('分析员甲 (3)')
    const replaced = await call<ExchangeImportBatch>(s, 'exchange.resolveDuplicate', { token: third.duplicates![0].token, choice: 'replace' })
    expect(replaced.reports[0].source).toMatchObject({ id: original.id, name: '分析员甲', annotationCount: 1 })
    const names = (await call<SourceSummary[]>(s, 'sources.list', {})).map((source) => source.name)
    expect(names.sort()).toEqual(['分析员甲', '分析员甲', '分析员甲 (2)'].sort())

    // Skipping writes nothing; onDuplicate given up front answers without asking.
    dialogs.files = [file]
    const fourth = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(await call<ExchangeImportBatch>(s, 'exchange.resolveDuplicate', { token: fourth.duplicates![0].token, choice: 'skip' })).toEqual({ reports: [], failures: [], duplicates: [] })
    dialogs.files = [file]
    const direct = await call<ExchangeImportBatch>(s, 'exchange.import', { onDuplicate: 'keep-both' })
    expect(direct.reports[0].source.name).toBe('分析员甲 (3)')
  })

  it('the CLI refuses it with a clear message unless --on-duplicate says replace or keep-both', async () => {
    const root = await tempDir('dup-cli')
    const ws = join(root, 'ws')
    expect((await cli('init', ws, '--with-seeds')).code).toBe(0)
    const store = await WorkspaceStore.open(ws)
    await store.updateSettings({ annotator: '甲' })
    const doc = store.documents.find((d) => d.source.fileName.startsWith('003_'))!
    const text = await store.text(doc.id)
    await store.createAnnotation({ documentId: doc.id, start: text.indexOf('强化科技创新引领'), end: text.indexOf('强化科技创新引领') + 8, label: 'target' })
    await store.close()
    const file = join(root, 'a.csv')
    expect((await cli('annotations', 'export', ws, '--format', 'csv', '--out', file)).code).toBe(0)
    expect((await cli('annotations', 'import', ws, file)).code).toBe(0)
    const refused = await cli('annotations', 'import', ws, file, '--lang', 'en')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('was imported before, as the source “甲”')
    expect(refused.stderr).toContain('--on-duplicate keep-both')
    const zh = await cli('annotations', 'import', ws, file, '--lang', 'zh-CN')
    expect(zh.stderr).toContain('已作为来源「甲」导入过')
    const kept = await cli('annotations', 'import', ws, file, '--on-duplicate', 'keep-both', '--json')
    expect(JSON.parse(kept.stdout).source.name).toBe('甲 (2)')
    const replaced = await cli('annotations', 'import', ws, file, '--on-duplicate', 'replace', '--json')
    expect(replaced.code).toBe(0)
    expect(JSON.parse(replaced.stdout).source.name).toBe('甲')
    const listed = await WorkspaceStore.using(ws, (opened) => new SourceStore(opened).list())
    // The workspace's own (named after its annotator), the replaced source and the kept copy.
    expect(listed.map((source) => source.name).sort()).toEqual(['甲', '甲', '甲 (2)'].sort())
    expect((await cli('annotations', 'import', ws, file, '--on-duplicate', 'both')).code).toBe(1)
  })
})

describe('a CSV whose extra columns hold values that cannot be right', () => {
  it('lists every such row with its reason in the user language and writes nothing', async () => {
    const { s, dialogs, dir } = await open('bad-extra')
    const documentId = await annotate(s, ['强化科技创新引领'])
    const header = [...csvColumns, 'value_max', 'deadline_year', 'follow_up_status', 'links', 'created_at', 'updated_at']
    const row = (cells: Record<string, string>) => header.map((column) => cells[column] ?? '')
    const base = { document: documentId, label: 'target', quote: '强化科技创新引领', annotator: '乙' }
    const csv = Papa.unparse([
      header,
      row({ ...base, id: 'a', value: '2', value_max: '1' }),
      row({ ...base, id: 'b', deadline_year: '99999' }),
      row({ ...base, id: 'c', links: `evidence-for:nobody@${documentId}` }),
      row({ ...base, id: 'd', created_at: 'yesterday' }),
      row({ ...base, id: 'e', value: '1', value_max: '2', deadline_year: '2025', links: `same-as:a@${documentId}`, created_at: '2026-01-01T00:00:00.000Z' }),
    ])
    const path = join(await tempDir('bad-extra-file'), 'bad.csv')
    await writeFile(path, csv)
    const before = await snapshot(dir)
    dialogs.files = [path]
    const zh = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(zh.reports).toEqual([])
    expect(zh.failures[0].error.code).toBe('CSV_ROWS_INVALID')
    const message = zh.failures[0].error.message
    expect(message).toContain('有 4 行的值无效')
    expect(message).toContain('第 2 行 value_max「1」：value_max 小于 value')
    expect(message).toContain('第 3 行 deadline_year「99999」：年份须在 1900–2200 之间')
    expect(message).toContain('第 4 行 links')
    expect(message).toContain('关联的标注不在该文件中')
    expect(message).toContain('第 5 行 created_at「yesterday」')
    expect(message).not.toContain('第 6 行')
    expect(await snapshot(dir)).toEqual(before)

    await call(s, 'settings.update', { locale: 'en' })
    const settled = await snapshot(dir)
    dialogs.files = [path]
    const en = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(en.failures[0].error.message).toContain('line 2, value_max “1”: value_max is below value')
    expect(en.failures[0].error.message).toContain('line 3, deadline_year “99999”: the year must lie between 1900 and 2200')
    expect(await snapshot(dir)).toEqual(settled)
  })

  it('the CLI says the same and exits 1', async () => {
    const root = await tempDir('bad-extra-cli')
    const ws = join(root, 'ws')
    await cli('init', ws, '--with-seeds')
    const header = [...csvColumns, 'value_max', 'deadline_year']
    const path = join(root, 'bad.csv')
    await writeFile(path, Papa.unparse([header, header.map((column) => ({ document: '003_x.txt', label: 'target', quote: '强化', deadline_year: '99999' })[column] ?? '')]))
    const result = await cli('annotations', 'import', ws, path, '--lang', 'en')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('line 2, deadline_year “99999”: the year must lie between 1900 and 2200')
  })
})

describe('no export carries an empty annotator', () => {
  it('the app refuses with a clear message until a name is set', async () => {
    const { s, dialogs } = await open('no-annotator', '')
    await annotate(s, ['强化科技创新引领'])
    const out = join(await tempDir('no-annotator-out'), 'a.csv')
    dialogs.saveTo = out
    const refused = await s.dispatch('exchange.export', { format: 'csv' })
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('ANNOTATOR_MISSING')
      expect(refused.error.message).toContain('标注人')
    }
    await expect(readFile(out)).rejects.toThrow()
    await call(s, 'settings.update', { annotator: '分析员丙' })
    await call(s, 'exchange.export', { format: 'csv' })
    // The annotation made before the name was set is signed with it in the file.
    const [, row] = Papa.parse<string[]>((await readFile(out, 'utf8')).replace(/^\uFEFF/, '')).data
    expect(row[csvColumns.indexOf('annotator')]).toBe('分析员丙')
  })

  it('the CLI refuses too, and takes --annotator', async () => {
    const root = await tempDir('no-annotator-cli')
    const ws = join(root, 'ws')
    await cli('init', ws, '--with-seeds')
    const refused = await cli('annotations', 'export', ws, '--format', 'json', '--out', join(root, 'a.pwb.json'), '--lang', 'en')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('Set your name as annotator before exporting')
    const given = await cli('annotations', 'export', ws, '--format', 'json', '--out', join(root, 'a.pwb.json'), '--annotator', '丁')
    expect(given.code).toBe(0)
    expect(JSON.parse(await readFile(join(root, 'a.pwb.json'), 'utf8')).annotator).toBe('丁')
  })
})

describe('CLI counts characters in code points', () => {
  it('import and list print chars as code points, like every other count', async () => {
    const root = await tempDir('chars')
    const ws = join(root, 'ws')
    await cli('init', ws)
    const text = '𠀀𡈽关于推进😀创新的通知\n2020年目标：𠀀家。\n'
    const path = join(root, 'astral.txt')
    await writeFile(path, text)
    const codePoints = [...text].length
    expect(codePoints).toBeLessThan(text.length)
    const imported = JSON.parse((await cli('import', ws, path, '--json')).stdout)
    expect(imported.results[0].chars).toBe(codePoints)
    const listed = JSON.parse((await cli('list', ws, '--json')).stdout)
    expect(listed.documents[0].chars).toBe(codePoints)
    expect((await cli('list', ws)).stdout).toContain(` ${codePoints}  `)
  })
})
