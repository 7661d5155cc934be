import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvColumns } from '../../src/shared/exchange/csv'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'
import { alignUnits, mergeUnit, reviewProgress, type ReviewState } from '../../src/shared/review'
import type { Annotation } from '../../src/shared/model'

let n = 0
function span(label: string, start: number, end: number, attributes: Annotation['attributes'] = {}): Annotation {
  return { id: `a${n++}`, documentId: '0123456789abcdef', start, end, quote: '', prefix: '', suffix: '', label, attributes, links: [], status: 'accepted', author: '', createdAt: '', updatedAt: '' }
}

describe('aligning units', () => {
  it.each([
    { name: 'identical spans and attributes: agreed', a: [span('target', 0, 5, { value: 6 })], b: [span('target', 0, 5, { value: 6 })], statuses: ['agreed'] },
    { name: 'same span, different value: differing', a: [span('target', 0, 5, { value: 6 })], b: [span('target', 0, 5, { value: 7 })], statuses: ['differing'] },
    { name: 'overlapping spans: differing', a: [span('target', 0, 5)], b: [span('target', 3, 9)], statuses: ['differing'] },
    { name: 'different labels never align', a: [span('target', 0, 5)], b: [span('achievement', 0, 5)], statuses: ['only-one', 'only-one'] },
    { name: 'touching spans do not overlap', a: [span('target', 0, 5)], b: [span('target', 5, 9)], statuses: ['only-one', 'only-one'] },
    { name: 'a chain of overlaps is one unit', a: [span('target', 0, 5), span('target', 8, 12)], b: [span('target', 4, 9)], statuses: ['differing'] },
  ])('$name', ({ a, b, statuses }) => {
    const units = alignUnits([{ id: 'A', annotations: a }, { id: 'B', annotations: b }])
    expect(units.map((unit) => unit.status)).toEqual(statuses)
  })

  it('merges to the covering span with each attribute from the first source that has it', () => {
    const [unit] = alignUnits([
      { id: 'A', annotations: [span('target', 2, 6, { indicator: 'gdp' })] },
      { id: 'B', annotations: [span('target', 0, 4, { indicator: 'cpi', value: 3 })] },
    ])
    expect(mergeUnit(unit)).toEqual({ start: 0, end: 6, label: 'target', attributes: { indicator: 'gdp', value: 3 } })
  })

  it('counts progress by decided unit keys, and keys do not depend on source order', () => {
    const a = [span('target', 0, 5)]
    const b = [span('target', 1, 5), span('commitment', 10, 12)]
    const units = alignUnits([{ id: 'A', annotations: a }, { id: 'B', annotations: b }])
    const swapped = alignUnits([{ id: 'B', annotations: b }, { id: 'A', annotations: a }])
    expect(units.map((unit) => unit.key)).toEqual(swapped.map((unit) => unit.key))
    const decision = { unitKey: units[0].key, documentId: '0123456789abcdef', action: 'accept' as const, annotationIds: [], author: '', decidedAt: '' }
    expect(reviewProgress(units, [decision])).toEqual({ settled: 1, total: 2 })
  })
})

describe('deciding through the session', () => {
  it('keeps decisions in the curated source, replaces a decision on the same unit, and undoes it', async () => {
    const files: string[] = []
    const dialogs = { chooseFolder: async () => null, chooseFiles: async () => files.splice(0) }
    const session = new WorkbenchSession({ seedsDir, dialogs })
    const dir = join(await tempDir('review'), 'ws')
    await session.start(dir)
    const call = async <T,>(op: string, input: unknown): Promise<T> => {
      const outcome = await session.dispatch(op, input)
      if (!outcome.ok) throw new Error(outcome.error.message)
      return outcome.value as T
    }
    try {
      await call('settings.update', { annotator: '审阅人' })
      const doc = session.workspace!.documents[0]
      const text = await session.workspace!.text(doc.id)
      await call('annotations.create', { documentId: doc.id, start: 10, end: 20, label: 'target' })
      // A second source, imported from a CSV naming the same document.
      const csv = join(await tempDir('review-csv'), 'other.csv')
      const cells: Record<string, string> = { document: doc.id, label: 'target', start: '12', end: '25', quote: [...text].slice(12, 25).join(''), annotator: '乙' }
      await writeFile(csv, `${csvColumns.join(',')}\n${csvColumns.map((column) => JSON.stringify(cells[column] ?? '')).join(',')}\n`)
      files.push(csv)
      const batch = await call<{ reports: Array<{ source: { id: string }; imported: number }> }>('exchange.import', {})
      expect(batch.reports[0].imported).toBe(1)
      const sourceIds = ['workspace', batch.reports[0].source.id]
      type State = Pick<ReviewState, 'units' | 'decisions' | 'curated' | 'progress'>
      const state = await call<State>('review.units', { documentId: doc.id, sourceIds })
      expect(state.units.map((unit) => unit.status)).toEqual(['differing'])
      const key = state.units[0].key
      const merged = await call<State>('review.decide', { documentId: doc.id, sourceIds, unitKey: key, action: 'merge', spans: [{ start: 10, end: 25, label: 'target', attributes: {} }] })
      expect(merged.curated).toMatchObject([{ start: 10, end: 25, author: '审阅人' }])
      expect(merged.progress).toEqual({ settled: 1, total: 1 })
      const edited = await call<State>('review.decide', { documentId: doc.id, sourceIds, unitKey: key, action: 'edit', spans: [{ start: 11, end: 22, label: 'target', attributes: { value: 6 } }] })
      expect(edited.curated).toMatchObject([{ start: 11, end: 22, attributes: { value: 6 } }])
      expect(edited.decisions.map((decision) => decision.action)).toEqual(['edit'])
      const stored = JSON.parse(await readFile(join(dir, 'sources', 'curated.json'), 'utf8'))
      expect(stored.annotations).toHaveLength(1)
      const undone = await call<State>('review.undecide', { documentId: doc.id, sourceIds, unitKey: key })
      expect(undone.curated).toEqual([])
      expect(undone.progress.settled).toBe(0)
      const bad = await session.dispatch('review.decide', { documentId: doc.id, sourceIds, unitKey: key, action: 'edit', spans: [{ start: 5, end: 5, label: 'target', attributes: {} }] })
      expect(bad).toMatchObject({ ok: false, error: { code: 'SPAN_OUT_OF_RANGE' } })
      // The analyst's own annotation is as it was.
      expect(await call<Array<{ start: number; end: number }>>('annotations.list', { documentId: doc.id })).toMatchObject([{ start: 10, end: 20 }])
    } finally {
      await session.close()
    }
  })
})
