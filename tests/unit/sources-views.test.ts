// Any source, every view, and adoption (issue 10), through the session's contract and the CLI.
import { execFile } from 'node:child_process'
import { chmod, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Papa from 'papaparse'
import { afterEach, describe, expect, it } from 'vitest'
import type { AdoptPreview, ComparePage, CommitmentEntry } from '../../src/shared/api'
import { resolveAdoption } from '../../src/shared/adopt'
import { csvColumns } from '../../src/shared/exchange/csv'
import type { Annotation } from '../../src/shared/model'
import type { ReviewState, SourceSummary } from '../../src/shared/review'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { projectRoot, seedsDir, tempDir } from '../support/paths'
import { cli } from './run-cli'

const sessions: WorkbenchSession[] = []
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close()
})

interface Fixture {
  session: WorkbenchSession
  dir: string
  call: <T>(op: string, input: unknown) => Promise<T>
  documentId: string
  sourceId: string
  indicator: string
  mine: Annotation
  /** Files written through the save dialog, with the name it suggested. */
  saved: Array<{ defaultName: string; path: string }>
}

/**
 * A seeded workspace with one target of the analyst's own, and an imported source (annotator 乙)
 * holding an identical target, a conflicting one (another value, overlapping) and a new commitment.
 */
async function fixture(): Promise<Fixture> {
  const root = await tempDir('sources')
  const saved: Array<{ defaultName: string; path: string }> = []
  const chooseSaveFile = async ({ defaultName }: { defaultName: string }) => {
    const path = join(root, `saved-${saved.length}-${defaultName}`)
    saved.push({ defaultName, path })
    return path
  }
  const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [], chooseSaveFile } })
  sessions.push(session)
  const dir = join(root, 'ws')
  await session.start(dir)
  const call = async <T,>(op: string, input: unknown): Promise<T> => {
    const outcome = await session.dispatch(op, input)
    if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`)
    return outcome.value as T
  }
  await call('settings.update', { annotator: '甲' })
  const store = session.workspace!
  const doc = store.documents.find((entry) => entry.meta.year !== null)!
  const text = await store.text(doc.id)
  const indicator = store.indicators[0].key
  const mine = await call<Annotation>('annotations.create', { documentId: doc.id, start: 10, end: 20, label: 'target', attributes: { indicator, value: 5, periodYear: 2030 } })
  const row = (label: string, start: number, end: number, extra: Record<string, string> = {}) => {
    const cells: Record<string, string> = { document: doc.id, label, start: String(start), end: String(end), quote: [...text].slice(start, end).join(''), annotator: '乙', ...extra }
    return csvColumns.map((column) => JSON.stringify(cells[column] ?? '')).join(',')
  }
  const csv = [
    csvColumns.join(','),
    row('target', 10, 20, { indicator, value: '5', period_year: '2030' }),
    row('target', 12, 25, { indicator, value: '9', period_year: '2030' }),
    row('commitment', 100, 110),
  ].join('\n')
  const batch = await call<{ reports: Array<{ source: SourceSummary; imported: number }> }>('exchange.importBytes', {
    fileName: 'yi.csv',
    base64: Buffer.from(csv).toString('base64'),
  })
  expect(batch.reports[0].imported).toBe(3)
  return { session, dir, call, documentId: doc.id, sourceId: batch.reports[0].source.id, indicator, mine, saved }
}

const targetValues = (page: ComparePage) => page.rows.flatMap((row) => row.cells.flatMap((cell) => cell.targets.map((target) => target.value))).sort()

describe('any source, every view (session)', () => {
  it('feeds the matrix, the table, commitments and the codebook from the chosen source, and says so for an unknown one', async () => {
    const { call, sourceId, documentId, saved } = await fixture()
    expect(targetValues(await call<ComparePage>('compare.matrix', {}))).toEqual([5])
    expect(targetValues(await call<ComparePage>('compare.matrix', { source: 'workspace' }))).toEqual([5])
    expect(targetValues(await call<ComparePage>('compare.matrix', { source: sourceId }))).toEqual([5, 9])
    const table = await call<Annotation[]>('annotations.listAll', { source: sourceId })
    expect(table.map((annotation) => annotation.label).sort()).toEqual(['commitment', 'target', 'target'])
    expect((await call<Annotation[]>('annotations.listAll', {})).map((annotation) => annotation.label)).toEqual(['target'])
    const commitments = await call<CommitmentEntry[]>('commitments.list', { source: sourceId })
    expect(commitments.map((entry) => [entry.annotation.documentId, entry.annotation.start])).toEqual([[documentId, 100]])
    expect(await call<CommitmentEntry[]>('commitments.list', {})).toEqual([])
    // The curated set: one decision takes 乙's conflicting target.
    const sourceIds = ['workspace', sourceId]
    const state = await call<ReviewState>('review.units', { documentId, sourceIds })
    const differing = state.units.find((unit) => unit.status === 'differing')!
    const theirs = differing.members.find((member) => member.sourceId === sourceId && member.annotation.attributes.value === 9)!.annotation
    await call('review.decide', { documentId, sourceIds, unitKey: differing.key, action: 'accept', sourceId, spans: [{ start: theirs.start, end: theirs.end, label: theirs.label, attributes: theirs.attributes }] })
    expect(targetValues(await call<ComparePage>('compare.matrix', { source: 'curated' }))).toEqual([9])
    // The matrix's export follows the source, and its file name says whose it is.
    await call('compare.export', { format: 'csv', source: 'curated' })
    await call('compare.export', { format: 'csv', source: sourceId })
    await call('compare.export', { format: 'csv' })
    expect(saved.map((file) => file.defaultName.replace(/-\d{4}-\d{2}-\d{2}/, ''))).toEqual(['compare-curated.csv', 'compare-乙.csv', 'compare.csv'])
    const targetColumn = async (path: string) =>
      Papa.parse<Record<string, string>>((await readFile(path, 'utf8')).slice(1), { header: true, skipEmptyLines: true })
        .data.map((row) => row.target_value)
        .filter(Boolean)
        .sort()
    expect(await targetColumn(saved[0].path)).toEqual(['9'])
    expect(await targetColumn(saved[1].path)).toEqual(['5'])
    expect(await targetColumn(saved[2].path)).toEqual(['5'])
    const unknown = await fixtureCall(call, 'compare.matrix', { source: 'nobody' })
    expect(unknown).toMatch(/SOURCE_UNKNOWN/)
    expect(unknown).toContain('nobody')
    expect(unknown).toContain(sourceId)
  })

  it('adopts a source in one write per document, leaves the source as it was, and undoes with the inverse batch', async () => {
    const { call, dir, sourceId, documentId, mine } = await fixture()
    const sourceFile = join(dir, 'sources', `${sourceId}.json`)
    const sourceBefore = await readFile(sourceFile, 'utf8')
    const preview = await call<AdoptPreview>('sources.adoptPreview', { source: sourceId })
    expect(preview.plan.counts).toEqual({ new: 1, identical: 1, conflict: 1 })
    expect(preview.titles[documentId]).toBeTruthy()
    let n = 0
    const result = resolveAdoption(preview.plan, { defaultChoice: 'take-theirs' }, { newId: () => `00000000-0000-4000-8000-00000000000${n++}`, now: '2026-11-26T00:00:00.000Z', author: '甲', ownIds: new Set(preview.ownIds) })
    expect(result.summary).toEqual({ added: 2, identical: 1, conflicts: 1, kept: 0, replaced: 1 })
    expect(result.changes).toHaveLength(1)
    const backupsBefore = await backupCount(dir)
    await call('annotations.applyBatch', { changes: result.changes.map((change) => ({ documentId: change.documentId, put: change.create, remove: change.remove.map((annotation) => annotation.id) })) })
    // One document changed, one write: one more backup of its file.
    expect((await backupCount(dir)) - backupsBefore).toBe(1)
    const after = await call<Annotation[]>('annotations.list', { documentId })
    expect(after.map((annotation) => [annotation.label, annotation.start, annotation.end, annotation.attributes.value ?? null]).sort()).toEqual([
      ['commitment', 100, 110, null],
      ['target', 12, 25, 9],
    ])
    expect(await readFile(sourceFile, 'utf8')).toBe(sourceBefore)
    // The undo the app records: the created ones go, the replaced one comes back.
    await call('annotations.applyBatch', { changes: result.changes.map((change) => ({ documentId: change.documentId, put: change.remove, remove: change.create.map((annotation) => annotation.id) })) })
    expect(await call<Annotation[]>('annotations.list', { documentId })).toEqual([mine])
    expect(await fixtureCall(call, 'sources.adoptPreview', { source: 'workspace' })).toMatch(/ADOPT_FROM_WORKSPACE/)
  })
})

async function backupCount(dir: string): Promise<number> {
  let count = 0
  for (const entry of await readdir(join(dir, 'backups'), { recursive: true, withFileTypes: true })) if (entry.isFile()) count++
  return count
}

async function fixtureCall(call: Fixture['call'], op: string, input: unknown): Promise<string> {
  try {
    await call(op, input)
    return 'no error'
  } catch (error) {
    return (error as Error).message
  }
}

describe('any source and adoption on the command line', () => {
  it('lists sources, compares on a source, refuses an unknown one, and adopts once', async () => {
    const { session, dir, sourceId } = await fixture()
    await session.close()
    const listed = await cli('sources', dir, '--json')
    expect(listed.code).toBe(0)
    const sources = JSON.parse(listed.stdout).sources
    expect(sources).toEqual([
      expect.objectContaining({ id: 'workspace', kind: 'workspace', annotator: '甲', annotations: 1 }),
      expect.objectContaining({ id: sourceId, name: '乙', kind: 'imported', annotator: '乙', annotations: 3 }),
    ])
    const onSource = JSON.parse((await cli('compare', dir, '--source', sourceId, '--json')).stdout)
    expect(onSource.source).toBe(sourceId)
    const values = (report: { indicators: Array<{ years: Array<{ targets: Array<{ value: number }> }> }> }) =>
      report.indicators.flatMap((row) => row.years.flatMap((year) => year.targets.map((target) => target.value))).sort()
    expect(values(onSource)).toEqual([5, 9])
    expect(values(JSON.parse((await cli('compare', dir, '--json')).stdout))).toEqual([5])
    for (const argv of [
      ['compare', dir, '--source', 'nobody', '--json', '--lang', 'en'],
      ['annotations', 'export', dir, '--format', 'csv', '--out', join(dir, '..', 'x.csv'), '--source', 'nobody', '--lang', 'en'],
      ['annotations', 'adopt', dir, '--source', 'nobody', '--lang', 'en'],
    ]) {
      const refused = await cli(...argv)
      expect(refused.code, argv.join(' ')).toBe(1)
      expect(refused.stderr).toContain('There is no annotation source “nobody”')
      expect(refused.stderr).toContain(sourceId)
    }
    expect((await cli('annotations', 'adopt', dir, '--source', sourceId, '--on-conflict', 'maybe')).code).toBe(1)
    expect((await cli('annotations', 'adopt', dir, '--source', 'workspace', '--lang', 'en')).stderr).toContain('already in the workspace')
    const adopted = await cli('annotations', 'adopt', dir, '--source', sourceId, '--on-conflict', 'keep-both', '--json')
    expect(adopted.code).toBe(0)
    expect(JSON.parse(adopted.stdout)).toEqual({ added: 2, identical: 1, conflicts: 1, kept: 0, replaced: 0 })
    const again = await cli('annotations', 'adopt', dir, '--source', sourceId, '--json')
    expect(JSON.parse(again.stdout)).toEqual({ added: 0, identical: 3, conflicts: 0, kept: 0, replaced: 0 })
  })

  it('adopting into a read-only workspace says why and writes nothing', async () => {
    const { session, dir, sourceId, documentId } = await fixture()
    await session.close()
    const annotationFile = join(dir, 'annotations', `${documentId}.json`)
    const before = await readFile(annotationFile, 'utf8')
    const run = promisify(execFile)
    // Root ignores permissions, so the command runs as an unprivileged user where we are root.
    const asRoot = process.getuid?.() === 0
    const folders = [join(dir, '..'), dir, join(dir, 'annotations'), join(dir, 'documents'), join(dir, 'backups'), join(dir, 'sources')]
    for (const folder of folders) await chmod(folder, 0o555)
    try {
      const outcome = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/index.ts'), 'annotations', 'adopt', dir, '--source', sourceId, '--json', '--lang', 'en'], {
        cwd: projectRoot,
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      )
      expect(outcome.code).toBe(1)
      expect(JSON.parse(outcome.stderr).error).toMatchObject({ code: 'ADOPT_READ_ONLY' })
      expect(JSON.parse(outcome.stderr).error.message).toContain('nothing was written')
    } finally {
      for (const folder of folders) await chmod(folder, 0o755)
    }
    expect(await readFile(annotationFile, 'utf8')).toBe(before)
  })
})

describe('agreement as a supervisor expects', () => {
  it('over all documents counts only those every chosen source annotated, and lists them', async () => {
    const { call, sourceId, documentId } = await fixture()
    // The workspace's own source also annotated another document, which the imported source never opened.
    const other = sessions[0].workspace!.documents.find((doc) => doc.id !== documentId)!
    await call('annotations.create', { documentId: other.id, start: 0, end: 5, label: 'commitment' })
    const report = await call<{ documents: number; documentIds: string[] }>('agreement.compute', { sourceIds: ['workspace', sourceId] })
    expect(report.documentIds).toEqual([documentId])
    expect(report.documents).toBe(1)
    // Asked for both, both count.
    const both = await call<{ documents: number }>('agreement.compute', { sourceIds: ['workspace', sourceId], documentIds: [documentId, other.id] })
    expect(both.documents).toBe(2)
  })

  it('agree with CSV files alone says where units end; --ws takes the texts’ lengths from a workspace', async () => {
    const { session, dir, sourceId } = await fixture()
    await session.close()
    const mineFile = join(dir, '..', 'mine.csv')
    const theirsFile = join(dir, '..', 'theirs.csv')
    expect((await cli('annotations', 'export', dir, '--format', 'csv', '--out', mineFile)).code).toBe(0)
    expect((await cli('annotations', 'export', dir, '--format', 'csv', '--source', sourceId, '--out', theirsFile)).code).toBe(0)
    const alone = await cli('agree', mineFile, theirsFile)
    expect(alone.code).toBe(0)
    expect(alone.stdout).toContain('each document is taken to end at its last annotation')
    const aloneJson = JSON.parse((await cli('agree', mineFile, theirsFile, '--json')).stdout)
    expect(aloneJson.lengths).toBe('last-annotation')
    const withWorkspace = JSON.parse((await cli('agree', mineFile, theirsFile, '--ws', dir, '--json')).stdout)
    expect(withWorkspace.lengths).toBe('workspace')
    expect(withWorkspace.notInWorkspace).toEqual([])
    // Another workspace holds none of these documents: it says so rather than pretending.
    const empty = join(dir, '..', 'empty')
    expect((await cli('init', empty)).code).toBe(0)
    const elsewhere = await cli('agree', mineFile, theirsFile, '--ws', empty)
    expect(elsewhere.stdout).toContain('not in the workspace, so taken to end at their last annotation')
    expect((await cli('agree', mineFile, theirsFile, '--ws', dir)).stdout).not.toContain('last annotation')
    // The whole text's characters outside every span agree too: kappa for targets rises.
    const kappa = (report: { labels: Array<{ label: string; kappa: number | null }> }) => report.labels.find((entry) => entry.label === 'target')!.kappa!
    expect(kappa(withWorkspace)).toBeGreaterThan(kappa(aloneJson))
  })
})

describe('a batch that cannot be written whole', () => {
  it('is refused before the first write: an unknown label in the second document leaves the first as it was', async () => {
    const { call, documentId, mine } = await fixture()
    const other = sessions[0].workspace!.documents.find((doc) => doc.id !== documentId)!
    const copy = (id: string, docId: string, label: string): Annotation => ({ ...mine, id, documentId: docId, label, links: [] })
    const outcome = await sessions[0].dispatch('annotations.applyBatch', {
      changes: [
        { documentId, put: [copy('00000000-0000-4000-8000-000000000001', documentId, 'commitment')], remove: [mine.id] },
        { documentId: other.id, put: [copy('00000000-0000-4000-8000-000000000002', other.id, 'no-such-label')], remove: [] },
      ],
    })
    expect(outcome).toMatchObject({ ok: false, error: { code: 'UNKNOWN_LABEL' } })
    expect(await call<Annotation[]>('annotations.list', { documentId })).toEqual([mine])
    expect(await call<Annotation[]>('annotations.list', { documentId: other.id })).toEqual([])
  })
})
