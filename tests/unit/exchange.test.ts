import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, open, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { ExchangeImportBatch } from '../../src/shared/api'
import { csvColumns, parseCsv } from '../../src/shared/exchange/csv'
import { parseNativeFile } from '../../src/shared/exchange/native'
import { buildQde } from '../../src/shared/exchange/qde'
import { resolveBundle, type TargetDocument } from '../../src/shared/exchange/resolve'
import { builtInLabels, type Annotation } from '../../src/shared/model'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { readAnnotationFile } from '../../src/main/services/exchange'
import { seedsDir, refiQdaSchema, tempDir } from '../support/paths'
import { ScriptedDialogs, closedAfterEach } from '../support/session'


const sessions = closedAfterEach()

async function session(name: string, annotator = ''): Promise<{ session: WorkbenchSession; dialogs: ScriptedDialogs; dir: string }> {
  const dialogs = new ScriptedDialogs()
  const s = new WorkbenchSession({ seedsDir, dialogs })
  sessions.push(s)
  const dir = join(await tempDir(name), 'ws')
  await s.start(dir)
  if (annotator) await call(s, 'settings.update', { annotator })
  return { session: s, dialogs, dir }
}

async function call<T = unknown>(s: WorkbenchSession, op: string, input: unknown): Promise<T> {
  const outcome = await s.dispatch(op, input)
  if (!outcome.ok) throw new Error(`${op}: ${outcome.error.code} ${outcome.error.message}`)
  return outcome.value as T
}

async function seed003(s: WorkbenchSession): Promise<{ id: string; text: string }> {
  const docs = s.workspace!.documents
  const doc = docs.find((d) => d.source.fileName.startsWith('003_'))!
  return { id: doc.id, text: await s.workspace!.text(doc.id) }
}

async function annotate003(s: WorkbenchSession): Promise<Annotation[]> {
  const { id, text } = await seed003(s)
  const spans = [
    { quote: '2018 年，广州市科学技术局', label: 'achievement', attributes: { note: '=SUM(A1) "引号", 逗号' } },
    { quote: '强化科技创新引领', label: 'target', attributes: { indicator: 'rd-intensity', value: 2.8, unit: '%', comparator: '>=' as const, periodYear: 2019 } },
    { quote: '共建粤港澳大湾区国际科技创新中心', label: 'commitment', attributes: {} },
  ]
  const made: Annotation[] = []
  for (const span of spans) {
    const start = text.indexOf(span.quote)
    expect(start).toBeGreaterThanOrEqual(0)
    made.push(await call<Annotation>(s, 'annotations.create', { documentId: id, start, end: start + span.quote.length, label: span.label, attributes: span.attributes }))
  }
  return made
}

const comparable = (annotation: Annotation) => ({
  documentId: annotation.documentId,
  start: annotation.start,
  end: annotation.end,
  quote: annotation.quote,
  label: annotation.label,
  attributes: annotation.attributes,
  status: annotation.status,
})

/** Every file of the workspace with its hash, to prove a refused import changed nothing. */
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

describe('export → import round trip', () => {
  it.each(['json', 'csv', 'qdpx'] as const)('%s gives back the same annotations, as a separate source', async (format) => {
    const a = await session('export', '甲')
    const made = await annotate003(a.session)
    const out = join(await tempDir('out'), `a.${format}`)
    a.dialogs.saveTo = out
    const exported = await call<{ annotations: number; losses: Array<{ field: string }> }>(a.session, 'exchange.export', { format })
    expect(exported.annotations).toBe(3)
    // Attributes and statuses come back from a .qdpx; the time of the last change does not.
    if (format === 'qdpx') expect(exported.losses).toEqual([{ field: 'updatedAt', count: 3 }])
    else expect(exported.losses).toEqual([])

    const b = await session('import')
    const before = await call<Annotation[]>(b.session, 'annotations.listAll', {})
    b.dialogs.files = [out]
    const batch = await call<ExchangeImportBatch>(b.session, 'exchange.import', {})
    expect(batch.failures).toEqual([])
    const [report] = batch.reports
    expect(report.problems).toEqual([])
    expect(report.imported).toBe(3)
    expect(report.source.name).toBe('甲')
    const imported = (await b.session.dispatch('review.units', { documentId: made[0].documentId, sourceIds: ['workspace', report.source.id] })) as { ok: true; value: { units: Array<{ members: Array<{ annotation: Annotation }> }> } }
    const got = imported.value.units.flatMap((unit) => unit.members.map((member) => member.annotation))
    expect(got.map(comparable).sort((x, y) => x.start - y.start)).toEqual(made.map(comparable).sort((x, y) => x.start - y.start))
    // The workspace's own annotations are untouched by an import.
    expect(await call<Annotation[]>(b.session, 'annotations.listAll', {})).toEqual(before)
  })

  it('native files carry the text, so a workspace without the document can import it', async () => {
    const a = await session('carry', '甲')
    await annotate003(a.session)
    const out = join(await tempDir('out'), 'a.pwb.json')
    a.dialogs.saveTo = out
    await call(a.session, 'exchange.export', { format: 'json', includeText: true })
    const file = JSON.parse(await readFile(out, 'utf8'))
    expect(file.schemaVersion).toBe(1)
    expect(file.annotator).toBe('甲')
    expect(file.documents.every((doc: { text?: string }) => typeof doc.text === 'string')).toBe(true)

    const noSeeds = await tempDir('noseeds')
    const empty = new WorkbenchSession({ seedsDir: noSeeds, dialogs: new ScriptedDialogs() })
    sessions.push(empty)
    const emptyDir = join(await tempDir('empty'), 'ws')
    await mkdir(emptyDir, { recursive: true })
    await empty.start(emptyDir)
    const batch = await call<ExchangeImportBatch>(empty, 'exchange.importBytes', { fileName: 'a.pwb.json', base64: (await readFile(out)).toString('base64') })
    expect(batch.reports[0].documentsAdded.length).toBe(file.documents.length)
    expect(batch.reports[0].imported).toBe(3)
  })

  it('a .qdpx carries its texts too: an empty workspace gets the documents and the codings', async () => {
    const a = await session('carry-qdpx', '甲')
    const made = await annotate003(a.session)
    const out = join(await tempDir('out'), 'a.qdpx')
    a.dialogs.saveTo = out
    await call(a.session, 'exchange.export', { format: 'qdpx', documentIds: [made[0].documentId] })
    const empty = new WorkbenchSession({ seedsDir: await tempDir('noseeds'), dialogs: new ScriptedDialogs() })
    sessions.push(empty)
    await empty.start(join(await tempDir('empty-qdpx'), 'ws'))
    const batch = await call<ExchangeImportBatch>(empty, 'exchange.importBytes', { fileName: 'a.qdpx', base64: (await readFile(out)).toString('base64') })
    expect(batch.reports[0].documentsAdded.map((doc) => doc.id)).toEqual([made[0].documentId])
    expect(batch.reports[0].imported).toBe(3)
    expect(batch.reports[0].source.name).toBe('甲')
  })

  it('a CSV naming an indicator the codebook lacks creates it; rows that cannot be placed are listed', async () => {
    const { session: s, dialogs } = await session('indicator')
    const { id, text } = await seed003(s)
    const quote = '强化科技创新引领'
    const row = (cells: Record<string, string>) => csvColumns.map((column) => JSON.stringify(cells[column] ?? '')).join(',')
    const csv = [
      csvColumns.join(','),
      row({ document: id, label: 'target', quote, indicator: 'tech-leading', indicator_name: '科技引领指数', higher_is_better: 'false', value: '3', unit: '项' }),
      row({ document: '003_1da18392a39b6ff1.txt', label: 'commitment', start: String([...text.slice(0, text.indexOf('共建'))].length), quote: '共建粤港澳大湾区' }),
      row({ document: id, label: 'target', quote: '这句话不在文中出现过' }),
      row({ document: 'nowhere.txt', label: 'target', quote }),
    ].join('\n')
    const path = join(await tempDir('ind'), 'x.csv')
    await writeFile(path, csv)
    dialogs.files = [path]
    const [report] = (await call<ExchangeImportBatch>(s, 'exchange.import', { name: '丙' })).reports
    expect(report.source.name).toBe('丙')
    expect(report.imported).toBe(2)
    expect(report.createdIndicators).toEqual(['tech-leading'])
    expect(s.workspace!.indicators.find((indicator) => indicator.key === 'tech-leading')).toMatchObject({ name: '科技引领指数', higherIsBetter: false, unit: '项' })
    expect(report.problems).toMatchObject([
      { row: 4, reason: 'quote-not-found' },
      { row: 5, reason: 'document-not-found', document: 'nowhere.txt' },
    ])
  })

  it('exports the agreement tables as CSV with a BOM', async () => {
    const { session: s, dialogs } = await session('agree-export', '甲')
    await annotate003(s)
    const out = join(await tempDir('agree'), 'own.pwb.json')
    dialogs.saveTo = out
    await call(s, 'exchange.export', { format: 'json' })
    dialogs.files = [out]
    const [report] = (await call<ExchangeImportBatch>(s, 'exchange.import', { name: '副本' })).reports
    const csvPath = join(await tempDir('agree'), 'agreement.csv')
    dialogs.saveTo = csvPath
    await call(s, 'agreement.export', { sourceIds: ['workspace', report.source.id] })
    const lines = (await readFile(csvPath, 'utf8')).split('\r\n')
    expect(lines[0].startsWith('\uFEFFscope,source_a,source_b,label')).toBe(true)
    // A copy of the workspace agrees with it perfectly on every label it used.
    expect(lines.filter((line) => line.startsWith('pair,') && /,(target|achievement|commitment),/.test(line)).every((line) => line.includes(',1.0000,'))).toBe(true)
  })

  it('CSV has exactly the columns of DESIGN §8, a BOM, code-point offsets and an escaped formula', async () => {
    const a = await session('csv', '甲')
    await annotate003(a.session)
    const out = join(await tempDir('out'), 'a.csv')
    a.dialogs.saveTo = out
    await call(a.session, 'exchange.export', { format: 'csv' })
    const raw = await readFile(out, 'utf8')
    expect(raw.startsWith('\uFEFF')).toBe(true)
    // DESIGN §8's 18 columns first, in order, then the six that make the round trip lossless.
    expect(raw.slice(1).split('\r\n')[0]).toBe([...csvColumns, 'value_max', 'deadline_year', 'follow_up_status', 'links', 'created_at', 'updated_at'].join(','))
    expect(raw).toContain(`"'=SUM(A1) ""引号"", 逗号"`)
  })

  it('the exported project.qde validates against the REFI-QDA schema', async () => {
    const a = await session('qde', '甲')
    await annotate003(a.session)
    const out = join(await tempDir('out'), 'a.qdpx')
    a.dialogs.saveTo = out
    await call(a.session, 'exchange.export', { format: 'qdpx' })
    const files = unzipSync(await readFile(out))
    const qde = join(await tempDir('qde'), 'project.qde')
    await writeFile(qde, files['project.qde'])
    expect(Object.keys(files).filter((name) => name.startsWith('sources/')).length).toBeGreaterThan(0)
    const result = execFileSync('xmllint', ['--noout', '--schema', refiQdaSchema, qde], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect(result).toBe('')
  })

  it('W3C export has TextQuote and TextPosition selectors in code points', async () => {
    const a = await session('w3c', '甲')
    const made = await annotate003(a.session)
    const out = join(await tempDir('out'), 'a.jsonld')
    a.dialogs.saveTo = out
    await call(a.session, 'exchange.export', { format: 'w3c', documentIds: [made[0].documentId] })
    const doc = JSON.parse(await readFile(out, 'utf8'))
    expect(doc['@context']).toBe('http://www.w3.org/ns/anno.jsonld')
    const item = doc.first.items.find((entry: { target: { selector: Array<{ type: string; exact?: string }> } }) => entry.target.selector[0].exact === made[1].quote)
    expect(item.target.selector).toEqual([
      { type: 'TextQuoteSelector', exact: made[1].quote, prefix: made[1].prefix, suffix: made[1].suffix },
      { type: 'TextPositionSelector', start: made[1].start, end: made[1].end },
    ])
  })
})

describe('characters outside the BMP and combining marks (DESIGN §6)', () => {
  const text = '第一段：𠀀𡈽😀 e\u0301 目标：研发投入强度达到2.8%。\n第二段：再次强调𠀀目标。'
  it.each(['json', 'csv', 'qdpx', 'w3c'] as const)('%s: offsets are code points and the round trip is exact', async (format) => {
    const a = await session('astral-a', '甲')
    const b = await session('astral-b')
    const [added] = await a.session.workspace!.addDocuments([{ fileName: 'astral.txt', text, format: 'txt', encoding: 'utf-8' }])
    await b.session.workspace!.addDocuments([{ fileName: 'astral.txt', text, format: 'txt', encoding: 'utf-8' }])
    const quote = '研发投入强度达到2.8%'
    const start = text.indexOf(quote)
    const made = await call<Annotation>(a.session, 'annotations.create', { documentId: added.document.id, start, end: start + quote.length, label: 'target', attributes: { value: 2.8, unit: '%' } })
    const out = join(await tempDir('astral-out'), `a.${format}`)
    a.dialogs.saveTo = out
    await call(a.session, 'exchange.export', { format, documentIds: [added.document.id] })
    // 𠀀, 𡈽 and 😀 are two UTF-16 units each: code-point offsets are three less.
    const codePointStart = [...text.slice(0, start)].length
    expect(codePointStart).toBe(start - 3)
    if (format === 'w3c') {
      const selector = JSON.parse(await readFile(out, 'utf8')).first.items[0].target.selector[1]
      expect(selector).toEqual({ type: 'TextPositionSelector', start: codePointStart, end: codePointStart + [...quote].length })
      return
    }
    if (format === 'csv') expect((await readFile(out, 'utf8')).split('\r\n')[1]).toContain(`,${codePointStart},${codePointStart + quote.length},`)
    b.dialogs.files = [out]
    const batch = await call<ExchangeImportBatch>(b.session, 'exchange.import', {})
    expect(batch.reports[0].problems).toEqual([])
    const state = await call<{ units: Array<{ members: Array<{ annotation: Annotation }> }> }>(b.session, 'review.units', { documentId: added.document.id, sourceIds: ['workspace', batch.reports[0].source.id] })
    expect(state.units[0].members.map((member) => comparable(member.annotation))).toEqual([comparable(made)])
  })
})

describe('placing imported annotations', () => {
  const text = '序言𠀀😀。目标：GDP增长6%左右。再说一次：GDP增长6%左右。'
  const doc: TargetDocument = { id: 'aaaaaaaaaaaaaaaa', sha256: 'b'.repeat(64), fileName: 'plan.txt', text }
  let n = 0
  const options = { documents: [doc], labels: builtInLabels, annotator: 'x', now: '2020-01-01T00:00:00Z', newId: () => `id${n++}` }
  const row = (over: Record<string, unknown>) => ({ row: 2, document: doc.id, label: 'target', quote: 'GDP增长6%左右', attributes: {}, ...over })

  it.each([
    { name: 'code points past astral characters', entry: row({ start: 8, end: 17 }), start: 10 },
    { name: 'by sha256, nearest to a stale start', entry: row({ document: doc.sha256, start: 21, end: 30 }), start: 25 },
    { name: 'by file name, with context and no offsets', entry: row({ document: 'plan.txt', prefix: '目标：', suffix: '。再说' }), start: 10 },
  ])('$name', ({ entry, start }) => {
    const result = resolveBundle({ format: 'csv', annotator: '', labels: [], indicators: [], documents: [], annotations: [entry] }, options)
    expect(result.problems).toEqual([])
    expect(result.annotations[0].start).toBe(start)
    expect(text.slice(result.annotations[0].start, result.annotations[0].end)).toBe('GDP增长6%左右')
  })

  it.each([
    { entry: row({ document: 'nope' }), reason: 'document-not-found' },
    { entry: row({ label: 'mood' }), reason: 'unknown-label' },
    { entry: row({ quote: '完全不同的一句话内容' }), reason: 'quote-not-found' },
    { entry: row({}), reason: 'quote-ambiguous' },
    { entry: row({ start: 9, end: 3 }), reason: 'span-invalid' },
  ])('lists a row that cannot be anchored: $reason', ({ entry, reason }) => {
    const result = resolveBundle({ format: 'csv', annotator: '', labels: [], indicators: [], documents: [], annotations: [entry] }, options)
    expect(result.annotations).toEqual([])
    expect(result.problems).toMatchObject([{ row: 2, reason }])
  })

  it('re-anchors by quote + context when the text was edited', () => {
    const edited = { ...doc, text: `新增一段前言。${text.replace('目标：', '目标是：')}` }
    const result = resolveBundle(
      { format: 'json', annotator: '', labels: [], indicators: [], documents: [], annotations: [row({ start: 8, end: 17, prefix: '😀。目标：', suffix: '。再说一次' })] },
      { ...options, documents: [edited] },
    )
    expect(result.reanchored).toBe(1)
    expect(edited.text.slice(result.annotations[0].start, result.annotations[0].end)).toBe('GDP增长6%左右')
    expect(result.annotations[0].start).toBe(edited.text.indexOf('GDP'))
  })
})

describe('bad annotation files: a clear message, nothing changed', () => {
  const header = csvColumns.join(',')
  const native = (over: Record<string, unknown>) =>
    JSON.stringify({ format: 'policy-workbench/annotations', schemaVersion: 1, offsets: 'unicode-code-points', exportedAt: '', annotator: '', workspace: { name: 'x' }, labels: [], indicators: [], documents: [], annotations: [], ...over })
  const bomb = () => zipSync({ 'project.qde': new Uint8Array(150 * 1024 * 1024) }, { level: 9 })
  const cases: Array<{ name: string; file: string; content: () => Uint8Array | string; code: string; en: RegExp }> = [
    { name: 'a newer schema version', file: 'new.pwb.json', content: () => native({ schemaVersion: 2 }), code: 'EXCHANGE_TOO_NEW', en: /newer workbench/ },
    { name: 'a CSV missing a column', file: 'm.csv', content: () => `${header.replace(',quote', '')}\n`, code: 'CSV_COLUMNS', en: /Missing: quote/ },
    { name: 'a CSV with an extra column', file: 'e.csv', content: () => `${header},mood\n`, code: 'CSV_COLUMNS', en: /unexpected: mood/ },
    { name: 'a CSV with a column twice', file: 'd.csv', content: () => `${header},quote\n`, code: 'CSV_COLUMNS', en: /unexpected: quote/ },
    { name: 'a CSV with a broken quote', file: 'q.csv', content: () => `${header}\n${'x,'.repeat(6)}"broken,${'x,'.repeat(10)}x\n`, code: 'CSV_MALFORMED', en: /Line 2/ },
    { name: 'JSON with __proto__', file: 'p.pwb.json', content: () => native({}).replace('{', '{"__proto__":{"polluted":1},'), code: 'EXCHANGE_UNSAFE_KEY', en: /__proto__/ },
    { name: 'JSON with constructor', file: 'c.pwb.json', content: () => native({ workspace: { name: 'x', constructor: { name: 'Object' } } }), code: 'EXCHANGE_UNSAFE_KEY', en: /constructor/ },
    { name: 'a .qdpx with ../ paths', file: 'up.qdpx', content: () => zipSync({ 'project.qde': strToU8('<Project/>'), '../../evil.txt': strToU8('x') }), code: 'ARCHIVE_UNSAFE_PATH', en: /outside the archive/ },
    { name: 'a .qdpx zip bomb', file: 'bomb.qdpx', content: bomb, code: 'ARCHIVE_SUSPICIOUS', en: /zip bomb/ },
    { name: 'not an annotation file type', file: 'x.docx', content: () => 'x', code: 'EXCHANGE_UNSUPPORTED', en: /only \.pwb\.json/ },
  ]

  it.each(cases)('$name', async ({ file, content, code, en }) => {
    const { session: s, dialogs, dir } = await session('bad')
    const path = join(await tempDir('badfile'), file)
    await writeFile(path, content())
    const before = await snapshot(dir)
    dialogs.files = [path]
    const zh = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(zh.reports).toEqual([])
    expect(zh.failures[0].error.code).toBe(code)
    expect(zh.failures[0].error.message).toMatch(/[\u4e00-\u9fff]/)
    expect(await snapshot(dir)).toEqual(before)
    expect(await call(s, 'sources.list', {})).toHaveLength(1)
    await call(s, 'settings.update', { locale: 'en' })
    dialogs.files = [path]
    const english = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(english.failures[0].error.message).toMatch(en)
  })

  it('a 200 MB file is refused from its size, before it is read', async () => {
    const { session: s, dialogs, dir } = await session('big')
    const path = join(await tempDir('big'), 'big.csv')
    const handle = await open(path, 'w')
    await handle.truncate(200 * 1024 * 1024)
    await handle.close()
    expect((await stat(path)).size).toBe(200 * 1024 * 1024)
    const before = await snapshot(dir)
    dialogs.files = [path]
    const batch = await call<ExchangeImportBatch>(s, 'exchange.import', {})
    expect(batch.failures[0].error).toMatchObject({ code: 'FILE_TOO_LARGE' })
    expect(batch.failures[0].error.message).toContain('200.0')
    expect(await snapshot(dir)).toEqual(before)
  })

  it('the parsers refuse the same files without a workspace (CLI path)', async () => {
    expect(() => parseNativeFile(native({ schemaVersion: 9 }), 'n.json')).toThrow(/EXCHANGE_TOO_NEW/)
    expect(() => parseCsv(`${header}\n${'x,'.repeat(17)}x,y\n`, 'n.csv')).toThrow(/CSV_MALFORMED/)
    await expect(readAnnotationFile({ kind: 'bytes', fileName: 'b.qdpx', bytes: bomb() }, 1e9, builtInLabels)).rejects.toMatchObject({ code: 'ARCHIVE_SUSPICIOUS' })
  })
})

describe('REFI-QDA edge cases', () => {
  it('an export with no annotations still validates', async () => {
    const qde = buildQde({ projectName: '空 & <empty>', documents: [], labels: builtInLabels, indicators: [], annotator: '' })
    const path = join(await tempDir('qde-empty'), 'project.qde')
    await writeFile(path, qde.xml)
    expect(execFileSync('xmllint', ['--noout', '--schema', refiQdaSchema, path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('')
  })

  it('reads a project from another QDA program: codes matched by label name, notes kept, unknown codes listed', async () => {
    const text = '序言𠀀😀。目标：GDP增长6%左右。'
    const qde = await readFile(join(import.meta.dirname, '../fixtures/exchange/other-tool.qde'))
    const bytes = zipSync({ 'project.qde': qde, 'sources/bbbbbbbb-0000-4000-8000-000000000001.txt': strToU8(text) })
    const bundle = await readAnnotationFile({ kind: 'bytes', fileName: 'other.qdpx', bytes }, 1e8, builtInLabels)
    expect(bundle.annotator).toBe('Analyst C')
    expect(bundle.annotations.map((entry) => [entry.label, entry.quote])).toEqual([
      ['target', 'GDP增长6%左右'],
      ['achievement', '序言'],
      ['情绪', '序言'],
    ])
    const doc: TargetDocument = { id: 'aaaaaaaaaaaaaaaa', sha256: 'b'.repeat(64), fileName: 'plan.txt', text }
    const result = resolveBundle(bundle, { documents: [doc], labels: builtInLabels, annotator: '', now: '', newId: () => 'x' })
    expect(result.annotations.map((annotation) => [annotation.start, annotation.attributes])).toEqual([
      [10, { note: '作者写的备注' }],
      [0, {}],
    ])
    expect(result.problems).toMatchObject([{ row: 3, reason: 'unknown-label', detail: '情绪' }])
  })

  it('refuses a project.qde that declares entities', async () => {
    const bytes = zipSync({ 'project.qde': strToU8('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Project name="&a;"/>') })
    await expect(readAnnotationFile({ kind: 'bytes', fileName: 'e.qdpx', bytes }, 1e8, builtInLabels)).rejects.toMatchObject({ code: 'EXCHANGE_INVALID' })
  })
})
