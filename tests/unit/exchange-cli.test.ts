import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/index'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { tempDir } from '../support/paths'

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, (text) => (out += `${text}\n`), (text) => (err += `${text}\n`))
  return { code, out, err }
}

async function annotated(dir: string, annotator: string, spans: Array<[string, string]>): Promise<void> {
  expect((await run(['init', dir, '--with-seeds'])).code).toBe(0)
  const store = await WorkspaceStore.open(dir)
  await store.updateSettings({ annotator })
  const doc = store.documents.find((d) => d.source.fileName.startsWith('003_'))!
  const text = await store.text(doc.id)
  for (const [quote, label] of spans) {
    const start = text.indexOf(quote)
    await store.createAnnotation({ documentId: doc.id, start, end: start + quote.length, label })
  }
  await store.close()
}

describe('CLI annotations import/export and agree (DESIGN §9)', () => {
  it('exports, imports and measures agreement; bad input exits 1 with a message', async () => {
    const root = await tempDir('cli-exchange')
    const a = join(root, 'a')
    const b = join(root, 'b')
    await annotated(a, '甲', [['强化科技创新引领', 'target'], ['共建粤港澳大湾区国际科技创新中心', 'commitment']])
    await annotated(b, '乙', [['强化科技创新引领 推动高质量发展', 'target'], ['共建粤港澳大湾区国际科技创新中心', 'commitment']])
    const aFile = join(root, 'a.pwb.json')
    const bFile = join(root, 'b.csv')
    expect((await run(['annotations', 'export', a, '--format', 'json', '--out', aFile, '--json'])).code).toBe(0)
    expect((await run(['annotations', 'export', b, '--format', 'csv', '--out', bFile])).code).toBe(0)

    const agree = await run(['agree', aFile, bFile, '--json'])
    expect(agree.code).toBe(0)
    const report = JSON.parse(agree.out)
    expect(report.sources.map((source: { name: string }) => source.name)).toEqual(['甲', '乙'])
    const labels = Object.fromEntries(report.pairs[0].labels.map((entry: { label: string; exact: { f1: number }; overlap: { f1: number } }) => [entry.label, entry]))
    expect(labels.commitment.exact.f1).toBe(1)
    expect(labels.target.exact.f1).toBe(0)
    expect(labels.target.overlap.f1).toBe(1)

    const imported = await run(['annotations', 'import', b, aFile, '--json'])
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.out)).toMatchObject({ imported: 2, problems: [], source: { name: '甲' } })

    const bad = await run(['annotations', 'import', b, join(root, 'missing.csv'), '--lang', 'en'])
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/Cannot read/)
    expect((await run(['agree', aFile])).code).toBe(1)
    expect((await run(['annotations', 'export', a, '--format', 'xml', '--out', 'x'])).code).toBe(1)
    // --doc limits the export to one document.
    const docId = JSON.parse(imported.out).source.documentIds[0]
    const one = await run(['annotations', 'export', a, '--format', 'w3c', '--doc', docId, '--out', join(root, 'one.jsonld'), '--json'])
    expect(JSON.parse(one.out)).toMatchObject({ documents: 1, annotations: 2 })
    const none = await run(['annotations', 'export', a, '--format', 'w3c', '--doc', '0000000000000000', '--out', join(root, 'none.jsonld'), '--json'])
    expect(JSON.parse(none.out)).toMatchObject({ documents: 0, annotations: 0 })
  })
})
