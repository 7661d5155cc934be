// What an imported annotation file must never do to a workspace: put anything on disk that the
// store would refuse on the next open, fail a whole file for one bad row, or be mistaken for
// the analyst's work; and what the review side must refuse (reviewing the curated source,
// overwriting a damaged curated file, deleting it).
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it, vi } from 'vitest'
import type { ExchangeImportBatch } from '../../src/shared/api'
import type { AgreementReport } from '../../src/shared/agreement'
import { agreementFromBundles, MAX_AGREEMENT_TEXT_LENGTH } from '../../src/shared/exchange/agree-files'
import type { ExchangeBundle } from '../../src/shared/exchange/common'
import { csvColumns } from '../../src/shared/exchange/csv'
import { buildW3c } from '../../src/shared/exchange/w3c'
import type { Annotation, DocumentRecord } from '../../src/shared/model'
import type { ReviewState, SourceSummary } from '../../src/shared/review'
import { safeFileName } from '../../src/main/services/review'
import { SourceStore } from '../../src/main/services/sources'
import { AppError } from '../../src/main/services/app-error'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'
import { ScriptedDialogs, closedAfterEach } from '../support/session'


const sessions = closedAfterEach()

async function open(dir: string, dialogs = new ScriptedDialogs()): Promise<{ session: WorkbenchSession; dialogs: ScriptedDialogs }> {
  const session = new WorkbenchSession({ seedsDir, dialogs })
  sessions.push(session)
  await session.start(dir)
  return { session, dialogs }
}

async function fresh(name: string, annotator = '甲'): Promise<{ session: WorkbenchSession; dialogs: ScriptedDialogs; dir: string }> {
  const dir = join(await tempDir(name), 'ws')
  const opened = await open(dir)
  await call(opened.session, 'settings.update', { annotator })
  return { ...opened, dir }
}

async function close(session: WorkbenchSession): Promise<void> {
  sessions.splice(sessions.indexOf(session), 1)
  await session.close()
}

async function call<T = unknown>(s: WorkbenchSession, op: string, input: unknown): Promise<T> {
  const outcome = await s.dispatch(op, input)
  if (!outcome.ok) throw new Error(`${op}: ${outcome.error.code} ${outcome.error.message}`)
  return outcome.value as T
}

async function failure(s: WorkbenchSession, op: string, input: unknown): Promise<{ code: string; message: string }> {
  const outcome = await s.dispatch(op, input)
  if (outcome.ok) throw new Error(`${op} succeeded`)
  return outcome.error
}

async function seed003(s: WorkbenchSession): Promise<{ id: string; text: string }> {
  const doc = s.workspace!.documents.find((d) => d.source.fileName.startsWith('003_'))!
  return { id: doc.id, text: await s.workspace!.text(doc.id) }
}

const quotes = ['2018 年，广州市科学技术局', '强化科技创新引领', '共建粤港澳大湾区国际科技创新中心']

async function annotate003(s: WorkbenchSession): Promise<Annotation[]> {
  const { id, text } = await seed003(s)
  const made: Annotation[] = []
  for (const [index, quote] of quotes.entries()) {
    const start = text.indexOf(quote)
    made.push(await call<Annotation>(s, 'annotations.create', { documentId: id, start, end: start + quote.length, label: ['achievement', 'target', 'commitment'][index], attributes: {} }))
  }
  return made
}

const csvRow = (cells: Record<string, string>) => csvColumns.map((column) => JSON.stringify(cells[column] ?? '')).join(',')

async function importFile(s: WorkbenchSession, dialogs: ScriptedDialogs, path: string, name?: string): Promise<ExchangeImportBatch> {
  dialogs.files = [path]
  return call<ExchangeImportBatch>(s, 'exchange.import', name ? { name } : {})
}

async function exportTo(s: WorkbenchSession, dialogs: ScriptedDialogs, format: string, file: string, extra: Record<string, unknown> = {}): Promise<string> {
  const path = join(await tempDir('out'), file)
  dialogs.saveTo = path
  await call(s, 'exchange.export', { format, ...extra })
  return path
}

describe('H1: nothing the model refuses reaches a file', () => {
  it('a CSV with an over-long indicator key, unit, note or id lists those rows and imports the rest', async () => {
    const { session: s, dialogs, dir } = await fresh('h1-csv')
    const { id } = await seed003(s)
    const quote = '强化科技创新引领'
    const csv = [
      csvColumns.join(','),
      csvRow({ document: id, label: 'target', quote, indicator: 'k'.repeat(200), indicator_name: '过长的指标' }),
      csvRow({ document: id, label: 'target', quote, unit: 'u'.repeat(40) }),
      csvRow({ document: id, label: 'target', quote, note: 'n'.repeat(10_001) }),
      csvRow({ document: id, label: 'target', quote, id: 'i'.repeat(65) }),
      csvRow({ document: id, label: 'commitment', quote, indicator: 'fine-key', indicator_name: '正常指标' }),
    ].join('\n')
    const path = join(await tempDir('h1'), 'long.csv')
    await writeFile(path, csv)
    const [report] = (await importFile(s, dialogs, path)).reports
    expect(report.problems.map((problem) => [problem.row, problem.reason])).toEqual([
      [2, 'invalid-attributes'],
      [3, 'invalid-attributes'],
      [4, 'invalid-attributes'],
      [5, 'invalid-attributes'],
    ])
    expect(report.imported).toBe(1)
    expect(report.problems[0].detail).toMatch(/indicator/)
    expect(report.createdIndicators).toEqual(['fine-key'])
    expect(s.workspace!.indicators.some((indicator) => indicator.key.length > 128)).toBe(false)

    // Everything written reads back: no file is damaged, so nothing is restored on reopening.
    await close(s)
    const again = await open(dir)
    expect(again.session.workspace!.notices).toEqual([])
    expect(again.session.workspace!.indicators.map((indicator) => indicator.key)).toContain('fine-key')
    const listed = await call<SourceSummary[]>(again.session, 'sources.list', {})
    expect(listed.find((source) => source.id === report.source.id)?.annotationCount).toBe(1)
    expect(again.session.workspace!.notices).toEqual([])
  })

  it('a .qdpx selection whose guid is over 64 characters: that row is listed, the source stays readable', async () => {
    const a = await fresh('h1-qdpx')
    await annotate003(a.session)
    const path = await exportTo(a.session, a.dialogs, 'qdpx', 'long-id.qdpx')
    const files = unzipSync(new Uint8Array(await readFile(path)))
    let seen = 0
    const xml = strFromU8(files['project.qde']).replace(/<PlainTextSelection guid="[^"]+"/g, (whole) => (seen++ === 0 ? `<PlainTextSelection guid="${'x'.repeat(70)}"` : whole))
    files['project.qde'] = strToU8(xml)
    await writeFile(path, zipSync(files))
    const [report] = (await importFile(a.session, a.dialogs, path)).reports
    expect(report.imported).toBe(2)
    expect(report.problems).toMatchObject([{ row: 1, reason: 'invalid-attributes' }])
    await close(a.session)
    const again = await open(a.dir)
    const listed = await call<SourceSummary[]>(again.session, 'sources.list', {})
    expect(listed.find((source) => source.id === report.source.id)?.annotationCount).toBe(2)
  })
})

describe('M1: new labels of one file that want the same shortcut', () => {
  it('both are created, the second without the shortcut, and the whole file imports', async () => {
    const a = await fresh('m1')
    await annotate003(a.session)
    const path = await exportTo(a.session, a.dialogs, 'json', 'labels.pwb.json')
    const file = JSON.parse(await readFile(path, 'utf8'))
    file.labels.push(
      { key: 'measure', name: { 'zh-CN': '措施', en: 'Measure' }, color: '#112233', shortcut: 'q' },
      { key: 'risk', name: { 'zh-CN': '风险', en: 'Risk' }, color: '#445566', shortcut: 'q' },
    )
    file.annotations[0].label = 'measure'
    file.annotations[1].label = 'risk'
    await writeFile(path, JSON.stringify(file))
    const batch = await importFile(a.session, a.dialogs, path)
    expect(batch.failures).toEqual([])
    expect(batch.reports[0].imported).toBe(3)
    expect(batch.reports[0].createdLabels).toEqual(['measure', 'risk'])
    const labels = a.session.workspace!.labels
    expect(labels.find((label) => label.key === 'measure')?.shortcut).toBe('q')
    expect(labels.find((label) => label.key === 'risk')?.shortcut).toBeNull()
  })
})

describe('M1: a failure part-way through an import', () => {
  it('says what was already added to the workspace', async () => {
    const { session: s, dialogs, dir } = await fresh('m1-partial')
    const { id } = await seed003(s)
    // The source itself cannot be written after the indicator was created.
    vi.spyOn(SourceStore.prototype, 'addImported').mockRejectedValueOnce(new AppError('WRITE_FAILED', { path: join(dir, 'sources'), reason: 'disk full' }))
    const path = join(await tempDir('m1p'), 'x.csv')
    await writeFile(path, [csvColumns.join(','), csvRow({ document: id, label: 'target', quote: '强化科技创新引领', indicator: 'new-one', indicator_name: '新指标' })].join('\n'))
    const batch = await importFile(s, dialogs, path)
    expect(batch.failures[0].error.code).toBe('EXCHANGE_PARTIAL')
    expect(batch.failures[0].error.message).toContain('new-one')
  })
})

describe('M7: one bad .qdpx selection is one listed row, not a failed file', () => {
  it('an end past the text and a pwb:null line are listed; the other selections import', async () => {
    const a = await fresh('m7')
    await annotate003(a.session)
    const path = await exportTo(a.session, a.dialogs, 'qdpx', 'a.qdpx')
    const files = unzipSync(new Uint8Array(await readFile(path)))
    let xml = strFromU8(files['project.qde'])
    let seen = 0
    xml = xml.replace(/endPosition="\d+"/g, (whole) => (seen++ === 0 ? 'endPosition="99999999"' : whole))
    seen = 0
    xml = xml.replace(/pwb:[^<\n]*/g, (whole) => (seen++ === 1 ? 'pwb:null' : whole))
    files['project.qde'] = strToU8(xml)
    await writeFile(path, zipSync(files))
    const batch = await importFile(a.session, a.dialogs, path)
    expect(batch.failures).toEqual([])
    const [report] = batch.reports
    expect(report.imported).toBe(1)
    expect(report.problems.map((problem) => [problem.row, problem.reason])).toEqual([
      [1, 'span-invalid'],
      [2, 'invalid-attributes'],
    ])
  })
})

describe('M4: the workspace source is the accepted annotations only', () => {
  it('in the source list, review units, agreement and the default export', async () => {
    const { session: s, dialogs } = await fresh('m4')
    const made = await annotate003(s)
    const documentId = made[0].documentId
    await call(s, 'annotations.update', { documentId, id: made[1].id, status: 'suggested' })
    await call(s, 'annotations.update', { documentId, id: made[2].id, status: 'rejected' })
    const workspace = (await call<SourceSummary[]>(s, 'sources.list', {}))[0]
    expect(workspace.annotationCount).toBe(1)

    // An imported copy of all three, so there are two sources to review and compare.
    const csvPath = join(await tempDir('m4'), 'copy.csv')
    const { text } = await seed003(s)
    const rows = made.map((annotation, index) => csvRow({ document: documentId, label: annotation.label, quote: quotes[index], start: String([...text.slice(0, annotation.start)].length) }))
    await writeFile(csvPath, [csvColumns.join(','), ...rows].join('\n'))
    const [report] = (await importFile(s, dialogs, csvPath, '乙')).reports
    expect(report.imported).toBe(3)
    const sourceIds = ['workspace', report.source.id]
    const state = await call<ReviewState>(s, 'review.units', { documentId, sourceIds })
    const workspaceMembers = state.units.flatMap((unit) => unit.members).filter((member) => member.sourceId === 'workspace')
    expect(workspaceMembers.map((member) => member.annotation.id)).toEqual([made[0].id])
    const agreement = await call<AgreementReport>(s, 'agreement.compute', { sourceIds })
    expect(agreement.sources.map((source) => source.spans)).toEqual([1, 3])

    const out = await exportTo(s, dialogs, 'json', 'own.pwb.json')
    const file = JSON.parse(await readFile(out, 'utf8'))
    expect(file.annotations.map((annotation: { id: string }) => annotation.id)).toEqual([made[0].id])
  })
})

describe('M5: agreement between files does not trust a length from the file', () => {
  const bundle = (annotations: ExchangeBundle['annotations'], documents: ExchangeBundle['documents'] = []): ExchangeBundle => ({
    format: 'csv',
    annotator: '',
    labels: [],
    indicators: [],
    documents,
    annotations,
  })
  const row = (end: number) => ({ row: 2, document: 'doc.txt', label: 'target', start: 0, end, quote: '', attributes: {} })

  it('refuses an end past the ceiling with a clear error instead of allocating for it', () => {
    const files = [
      { name: 'a', bundle: bundle([row(MAX_AGREEMENT_TEXT_LENGTH + 1)]) },
      { name: 'b', bundle: bundle([row(5)]) },
    ]
    expect(() => agreementFromBundles(files)).toThrow(/AGREEMENT_TEXT_TOO_LONG/)
  })

  it('takes the length of a carried text over a textLength the file claims', () => {
    const documents = [{ fileName: 'doc.txt', text: '一二三四五六七八九十', textLength: 1_000_000_000 }]
    const report = agreementFromBundles([
      { name: 'a', bundle: bundle([row(4)], documents) },
      { name: 'b', bundle: bundle([row(5)], documents) },
    ])
    expect(report.documents).toBe(1)
    expect(report.labels.map((entry) => entry.characters)).toEqual([10])
  })
})

describe('M6 and L2: names from imported files', () => {
  it('a source name that is a formula stays text in the agreement CSV', async () => {
    const { session: s, dialogs } = await fresh('m6')
    await annotate003(s)
    const own = await exportTo(s, dialogs, 'json', 'own.pwb.json')
    const [report] = (await importFile(s, dialogs, own, '=HYPERLINK("http://x")')).reports
    const csvPath = join(await tempDir('m6'), 'agreement.csv')
    dialogs.saveTo = csvPath
    await call(s, 'agreement.export', { sourceIds: ['workspace', report.source.id] })
    const csv = await readFile(csvPath, 'utf8')
    expect(csv).toContain(`'=HYPERLINK`)
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m)
  })

  it('the suggested export name has no folder parts', async () => {
    expect(safeFileName('../../etc/passwd')).toBe('____etc_passwd')
    expect(safeFileName('C:\\Users\\a*b?')).toBe('C__Users_a_b_')
    expect(safeFileName('..')).toBe('_')
    expect(safeFileName('  ')).toBe('annotations')
    expect(safeFileName('张三')).toBe('张三')
    const { session: s, dialogs } = await fresh('l2', '../../evil/甲')
    await annotate003(s)
    dialogs.saveTo = null
    await call(s, 'exchange.export', { format: 'csv' })
    expect(dialogs.lastSave?.defaultName).toBe('____evil_甲.csv')
  })
})

describe('review refuses what would damage the curated source', () => {
  async function reviewed(name: string) {
    const opened = await fresh(name)
    const { session: s, dialogs } = opened
    const made = await annotate003(s)
    const documentId = made[0].documentId
    const own = await exportTo(s, dialogs, 'json', 'own.pwb.json')
    const [report] = (await importFile(s, dialogs, own, '乙')).reports
    const sourceIds = ['workspace', report.source.id]
    const state = await call<ReviewState>(s, 'review.units', { documentId, sourceIds })
    const decide = (index: number) =>
      call<ReviewState>(s, 'review.decide', { documentId, sourceIds, unitKey: state.units[index].key, action: 'reject', spans: [] })
    return { ...opened, documentId, sourceIds, decide }
  }

  it('M3: the curated source is never a source under review', async () => {
    const { session: s, documentId, decide } = await reviewed('m3')
    await decide(0)
    const sourceIds = ['workspace', 'curated']
    const inputs: Record<string, unknown> = {
      'review.units': { documentId, sourceIds },
      'review.decide': { documentId, sourceIds, unitKey: 'x', action: 'reject', spans: [] },
      'review.undecide': { documentId, sourceIds, unitKey: 'x' },
    }
    for (const [op, input] of Object.entries(inputs)) expect((await failure(s, op, input)).code).toBe('REVIEW_CURATED_AS_SOURCE')
  })

  it('H2: a damaged curated.json is kept aside and restored from its backup, with a notice', async () => {
    const { session: s, dir, decide } = await reviewed('h2-backup')
    await decide(0)
    await decide(1)
    await close(s)
    const path = join(dir, 'sources', 'curated.json')
    await writeFile(path, '{"schemaVersion": 1, "id": "curated", "annota')
    const again = await open(dir)
    const listed = await call<SourceSummary[]>(again.session, 'sources.list', {})
    expect(listed.some((source) => source.id === 'curated')).toBe(true)
    expect(again.session.workspace!.notices.map((notice) => notice.code)).toEqual(['RECOVERED_FROM_BACKUP'])
    expect((await readdir(join(dir, 'sources'))).some((name) => name.startsWith('curated.json.corrupt-'))).toBe(true)
    // The restored file is valid JSON again.
    expect(JSON.parse(await readFile(path, 'utf8')).id).toBe('curated')
  })

  it('H2: without a usable backup, decisions are refused and the damaged file is left as it is', async () => {
    const { session: s, dir, documentId, sourceIds, decide } = await reviewed('h2-none')
    await decide(0)
    await close(s)
    await rm(join(dir, 'backups'), { recursive: true, force: true })
    const path = join(dir, 'sources', 'curated.json')
    const damaged = '{"schemaVersion": 1, "id": "curated", "annota'
    await writeFile(path, damaged)
    const again = await open(dir)
    const state = await call<ReviewState>(again.session, 'review.units', { documentId, sourceIds })
    const error = await failure(again.session, 'review.decide', { documentId, sourceIds, unitKey: state.units[1].key, action: 'reject', spans: [] })
    expect(error.code).toBe('CURATED_UNREADABLE')
    expect(again.session.workspace!.notices.map((notice) => notice.code)).toContain('CURATED_CORRUPT_NO_BACKUP')
    expect(await readFile(path, 'utf8')).toBe(damaged)
  })

  it('L1: the curated source cannot be deleted', async () => {
    const { session: s, decide } = await reviewed('l1')
    await decide(0)
    expect((await failure(s, 'sources.delete', { id: 'curated' })).code).toBe('SOURCE_DELETE_CURATED')
    expect((await call<SourceSummary[]>(s, 'sources.list', {})).some((source) => source.id === 'curated')).toBe(true)
  })
})

describe('L3 and W3C losses', () => {
  it('urn:uuid around a UUID, around a name-based UUID otherwise; ids, links and statuses are reported lost', () => {
    const record = { sha256: 'a'.repeat(64) } as DocumentRecord
    const base = { documentId: '0123456789abcdef', start: 0, end: 2, quote: '一二', prefix: '', suffix: '', label: 'target', attributes: {}, author: '', createdAt: '', updatedAt: '' }
    const annotations: Annotation[] = [
      { ...base, id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', links: [], status: 'accepted' },
      { ...base, id: 'row 7/x', links: [{ type: 'same-as', annotationId: 'y', documentId: '0123456789abcdef' }], status: 'suggested' },
    ]
    const { collection, losses } = buildW3c({ documents: [{ record, text: '一二三', annotations }], labels: [], indicators: [], annotator: '', title: 't' })
    const items = (collection as { first: { items: Array<{ id: string }> } }).first.items
    expect(items[0].id).toBe('urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301')
    expect(items[1].id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    // Stable: the same id gives the same IRI in every export.
    const again = buildW3c({ documents: [{ record, text: '一二三', annotations }], labels: [], indicators: [], annotator: '', title: 't' })
    expect((again.collection as { first: { items: Array<{ id: string }> } }).first.items[1].id).toBe(items[1].id)
    expect(losses).toEqual([
      { field: 'id', count: 1 },
      { field: 'status', count: 1 },
      { field: 'links', count: 1 },
    ])
  })
})
