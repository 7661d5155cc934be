// Suggestions on a stored workspace: the CLI's JSON shape (DESIGN §9), --apply storing proposals
// as 'suggested', and a rejected proposal never coming back on the next run.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './run-cli'
import { suggestForDocument, suggestionJson } from '../../src/main/services/suggest'
import { makeOffsetConverter } from '../../src/shared/offsets'
import { suggest } from '../../src/shared/suggest'
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { tempDir } from '../support/paths'

interface SuggestOutput {
  documents: Array<{ documentId: string; suggestions: Array<Record<string, unknown>> }>
}

describe('suggest', () => {
  it('prints every document\'s proposals in the shape of DESIGN §9, and --apply stores them once', async () => {
    const ws = join(await tempDir('suggest'), 'ws')
    expect((await cli('init', ws, '--with-seeds', '--json')).code).toBe(0)
    const dry = await cli('suggest', ws, '--json')
    expect(dry.code).toBe(0)
    const { documents } = JSON.parse(dry.stdout) as SuggestOutput
    expect(documents).toHaveLength(5)
    const keys = ['label', 'start', 'end', 'quote', 'indicator', 'value', 'unit', 'comparator', 'periodYear', 'confidence']
    for (const doc of documents) {
      expect(doc.suggestions.length).toBeGreaterThan(20)
      for (const suggestion of doc.suggestions) expect(Object.keys(suggestion)).toEqual(keys)
    }
    // Seed 002, the traditional-script plan: its 2020 target for technology contracts.
    const plan = documents.flatMap((doc) => doc.suggestions).find((s) => String(s.quote).includes('突破1000億元'))
    expect(plan).toMatchObject({ label: 'target', value: 1000, unit: '亿元', comparator: '>', periodYear: 2020, indicator: 'tech-contract-turnover' })

    const one = documents[0].documentId
    const applied = await cli('suggest', ws, '--doc', one, '--apply', '--json')
    expect(applied.code).toBe(0)
    expect((JSON.parse(applied.stdout) as SuggestOutput).documents[0].suggestions).toHaveLength(documents[0].suggestions.length)
    const again = JSON.parse((await cli('suggest', ws, '--doc', one, '--json')).stdout) as SuggestOutput
    expect(again.documents[0].suggestions).toEqual([])
    // Proposals are not yet annotations: list counts accepted ones only.
    const listed = JSON.parse((await cli('list', ws, '--json')).stdout) as { documents: Array<{ id: string; annotations: number }> }
    expect(listed.documents.find((doc) => doc.id === one)?.annotations).toBe(0)
  })

  it('counts offsets in code points, as every format that leaves the app', () => {
    const text = '𠀀𡈽单位：𠀀\n今年发展主要预期目标是：国内生产总值增长6%左右。'
    const proposals = suggest({ text, documentYear: 2019, docType: 'government-work-report', indicators: [] })
    expect(proposals.length).toBeGreaterThan(0)
    const offsets = makeOffsetConverter(text)
    const codePoints = [...text]
    for (const proposal of proposals) {
      const json = suggestionJson(proposal, offsets)
      expect(json.start).toBeLessThan(proposal.start)
      expect(codePoints.slice(json.start, json.end).join('')).toBe(proposal.quote)
    }
  })

  it('an unknown document is a user error', async () => {
    const ws = join(await tempDir('suggest'), 'ws')
    await cli('init', ws, '--with-seeds', '--json')
    const result = await cli('suggest', ws, '--doc', '0123456789abcdef', '--json')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('0123456789abcdef')
  })

  it('a rejected proposal is not proposed again; an accepted one is not proposed twice', async () => {
    const ws = join(await tempDir('suggest'), 'ws')
    await cli('init', ws, '--with-seeds', '--json')
    const store = await WorkspaceStore.open(ws)
    try {
      const id = store.documents[0].id
      const first = await suggestForDocument(store, id, true)
      expect(first.added.every((annotation) => annotation.status === 'suggested' && annotation.suggestion !== undefined)).toBe(true)
      const [rejected, accepted] = first.added
      await store.updateAnnotation(id, rejected.id, { status: 'rejected' })
      await store.updateAnnotation(id, accepted.id, { status: 'accepted' })
      // Even with the stored proposals gone, neither comes back.
      for (const annotation of first.added.slice(2)) await store.deleteAnnotation(id, annotation.id)
      const second = await suggestForDocument(store, id, true)
      expect(second.added).toHaveLength(first.added.length - 2)
      const overlaps = (a: { start: number; end: number; label: string }, b: { start: number; end: number; label: string }) =>
        a.label === b.label && a.start < b.end && b.start < a.end
      expect(second.added.some((annotation) => overlaps(annotation, rejected) || overlaps(annotation, accepted))).toBe(false)
      expect(await store.annotationCount(id)).toBe(1)
    } finally {
      await store.close()
    }
  })
})
