import { describe, expect, it } from 'vitest'
import { planAdoption, resolveAdoption, sameAnnotation, type AdoptChoices } from '../../src/shared/adopt'
import type { Annotation } from '../../src/shared/model'

const DOC = '0123456789abcdef'
const OTHER = 'fedcba9876543210'
let n = 0
function span(label: string, start: number, end: number, attributes: Annotation['attributes'] = {}, extra: Partial<Annotation> = {}): Annotation {
  return { id: `a${n++}`, documentId: DOC, start, end, quote: 'q', prefix: '', suffix: '', label, attributes, links: [], status: 'accepted', author: 'x', createdAt: '', updatedAt: '', ...extra }
}

function context(ownIds: string[] = []) {
  let next = 0
  return { newId: () => `new-${next++}`, now: '2026-11-26T00:00:00.000Z', author: 'me', ownIds: new Set(ownIds) }
}

describe('what adopting a source finds', () => {
  it.each([
    { name: 'nothing of mine there: new', mine: [], theirs: span('target', 0, 5), kind: 'new' },
    { name: 'same span, label and attributes: identical', mine: [span('target', 0, 5, { value: 6, unit: '%' })], theirs: span('target', 0, 5, { unit: '%', value: 6 }), kind: 'identical' },
    { name: 'an unset attribute equals an absent one', mine: [span('target', 0, 5, { value: 6, note: undefined })], theirs: span('target', 0, 5, { value: 6 }), kind: 'identical' },
    { name: 'same span, another value: conflict', mine: [span('target', 0, 5, { value: 6 })], theirs: span('target', 0, 5, { value: 7 }), kind: 'conflict' },
    { name: 'same span, another label: conflict', mine: [span('achievement', 0, 5)], theirs: span('target', 0, 5), kind: 'conflict' },
    { name: 'overlapping span of another label: conflict', mine: [span('commitment', 0, 20)], theirs: span('target', 4, 9), kind: 'conflict' },
    { name: 'overlapping span, same label and attributes: conflict', mine: [span('target', 0, 5)], theirs: span('target', 2, 8), kind: 'conflict' },
    { name: 'touching spans do not overlap: new', mine: [span('target', 0, 5)], theirs: span('target', 5, 9), kind: 'new' },
    { name: 'another document: new', mine: [span('target', 0, 5, {}, { documentId: OTHER })], theirs: span('target', 0, 5), kind: 'new' },
    { name: 'my suggestions are not mine yet: new', mine: [span('target', 0, 5, {}, { status: 'suggested' })], theirs: span('target', 0, 5), kind: 'new' },
  ])('$name', ({ mine, theirs, kind }) => {
    const plan = planAdoption(mine, [theirs])
    expect(plan.documents).toHaveLength(1)
    expect(plan.documents[0].items.map((item) => item.kind)).toEqual([kind])
    expect(plan.counts[kind as 'new']).toBe(1)
  })

  it('leaves out the source’s proposals and rejected spans, and counts per document', () => {
    const mine = [span('target', 0, 5, { value: 1 })]
    const plan = planAdoption(mine, [
      span('target', 0, 5, { value: 1 }),
      span('target', 3, 7),
      span('commitment', 30, 40),
      span('target', 50, 60, {}, { status: 'suggested' }),
      span('target', 70, 80, {}, { status: 'rejected' }),
      span('target', 0, 4, {}, { documentId: OTHER }),
    ])
    expect(plan.counts).toEqual({ new: 2, identical: 1, conflict: 1 })
    expect(plan.documents.map((doc) => [doc.documentId, doc.counts])).toEqual([
      [DOC, { new: 1, identical: 1, conflict: 1 }],
      [OTHER, { new: 1, identical: 0, conflict: 0 }],
    ])
  })

  it('compares attributes by value, not by key order', () => {
    expect(sameAnnotation(span('target', 0, 5, { value: 1, unit: '%' }), span('target', 0, 5, { unit: '%', value: 1 }))).toBe(true)
    expect(sameAnnotation(span('target', 0, 5, { value: 1 }), span('target', 0, 5, { value: 1, periodYear: 2020 }))).toBe(false)
  })
})

describe('resolving an adoption', () => {
  const mineA = span('target', 0, 5, { value: 6 })
  const mineB = span('achievement', 20, 30, { value: 1 })
  const theirsNew = span('commitment', 40, 50)
  const theirsSame = span('target', 0, 5, { value: 6 })
  const theirsA = span('target', 0, 5, { value: 7 })
  const theirsB = span('achievement', 22, 30, { value: 2 })
  const plan = planAdoption([mineA, mineB], [theirsNew, theirsSame, theirsA, theirsB])

  it.each([
    { choices: { defaultChoice: 'keep-mine' } as AdoptChoices, created: [theirsNew.id], removed: [], summary: { added: 1, identical: 1, conflicts: 2, kept: 2, replaced: 0 } },
    { choices: { defaultChoice: 'take-theirs' } as AdoptChoices, created: [theirsA.id, theirsB.id, theirsNew.id], removed: [mineA.id, mineB.id], summary: { added: 3, identical: 1, conflicts: 2, kept: 0, replaced: 2 } },
    { choices: { defaultChoice: 'keep-both' } as AdoptChoices, created: [theirsA.id, theirsB.id, theirsNew.id], removed: [], summary: { added: 3, identical: 1, conflicts: 2, kept: 0, replaced: 0 } },
    {
      choices: { defaultChoice: 'keep-mine', choices: { [theirsB.id]: 'take-theirs' } } as AdoptChoices,
      created: [theirsB.id, theirsNew.id],
      removed: [mineB.id],
      summary: { added: 2, identical: 1, conflicts: 2, kept: 1, replaced: 1 },
    },
  ])('$choices.defaultChoice with $choices.choices', ({ choices, created, removed, summary }) => {
    const sourceIds = new Map([theirsNew, theirsA, theirsB].map((annotation) => [`${annotation.documentId}:${annotation.start}:${annotation.end}:${annotation.label}`, annotation.id]))
    const result = resolveAdoption(plan, choices, context([mineA.id, mineB.id]))
    expect(result.summary).toEqual(summary)
    const made = result.changes.flatMap((change) => change.create)
    // Each created annotation is a copy of the one the source holds, under a new id.
    expect(made.map((annotation) => sourceIds.get(`${annotation.documentId}:${annotation.start}:${annotation.end}:${annotation.label}`)).sort()).toEqual([...created].sort())
    expect(made.every((annotation) => annotation.id.startsWith('new-'))).toBe(true)
    expect(result.changes.flatMap((change) => change.remove).map((annotation) => annotation.id).sort()).toEqual([...removed].sort())
  })

  it('keeps links between adopted annotations under their new ids, points links to kept or identical ones at mine, and drops dangling ones', () => {
    const mine = span('target', 0, 5, { value: 6 })
    const theirsTarget = span('target', 0, 5, { value: 6 })
    const theirsEvidence = span('achievement', 100, 110, {}, {
      documentId: OTHER,
      links: [
        { type: 'evidence-for', annotationId: theirsTarget.id, documentId: DOC },
        { type: 'same-as', annotationId: 'missing', documentId: DOC },
        { type: 'same-as', annotationId: 'elsewhere-mine', documentId: DOC },
      ],
    })
    const theirsFollowUp = span('commitment', 40, 50, {}, { links: [{ type: 'follow-up-of', annotationId: theirsEvidence.id, documentId: OTHER }] })
    const result = resolveAdoption(planAdoption([mine], [theirsTarget, theirsEvidence, theirsFollowUp]), { defaultChoice: 'keep-mine' }, context([mine.id, 'elsewhere-mine']))
    const made = result.changes.flatMap((change) => change.create)
    const evidence = made.find((annotation) => annotation.label === 'achievement')!
    const followUp = made.find((annotation) => annotation.label === 'commitment')!
    expect(evidence.links).toEqual([
      { type: 'evidence-for', annotationId: mine.id, documentId: DOC },
      { type: 'same-as', annotationId: 'elsewhere-mine', documentId: DOC },
    ])
    expect(followUp.links).toEqual([{ type: 'follow-up-of', annotationId: evidence.id, documentId: OTHER }])
  })

  it('never changes the source’s annotations', () => {
    const incoming = [span('target', 0, 5, {}, { links: [{ type: 'same-as', annotationId: 'x', documentId: DOC }] })]
    const before = JSON.stringify(incoming)
    resolveAdoption(planAdoption([], incoming), { defaultChoice: 'keep-both' }, context())
    expect(JSON.stringify(incoming)).toBe(before)
  })

  it('adopting what was adopted finds it all identical', () => {
    const incoming = [span('target', 0, 5, { value: 1 }), span('commitment', 10, 20)]
    const first = resolveAdoption(planAdoption([], incoming), { defaultChoice: 'keep-mine' }, context())
    const again = planAdoption(first.changes.flatMap((change) => change.create), incoming)
    expect(again.counts).toEqual({ new: 0, identical: 2, conflict: 0 })
  })
})
