// Property: every field of the annotation model survives a .pwb.json and a CSV round trip
// exactly, whatever the text holds — characters outside the BMP, combining marks, quotes and
// notes beginning with ' = + - @, tabs, commas, double quotes, newlines — and export → import →
// export gives the same bytes. Each optional field is generated present and absent.
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { selectorFor } from '../../src/shared/anchoring'
import { followUpStatuses } from '../../src/shared/compare-types'
import { buildCsv, csvColumns, csvLosses, parseCsv, spreadsheetSafe, spreadsheetUnsafe } from '../../src/shared/exchange/csv'
import { buildNativeFile, parseNativeFile, type ExportDocument } from '../../src/shared/exchange/native'
import { resolveBundle } from '../../src/shared/exchange/resolve'
import { annotationStatuses, builtInLabels, comparators, linkTypes, type Annotation, type AnnotationAttributes, type DocumentRecord } from '../../src/shared/model'

/** Text the exchange must carry: formula starts, quote marks, separators, astral and combining characters. */
const tricky = ["'=", "''", '=', '+', '-', '@', "'", '\t', ',', '"', '\n', '\r\n', ';', '%', '𠀀', '𡈽', '😀', 'e\u0301', '中', '，', ' ']
const trickyText = fc
  .array(fc.oneof(fc.constantFrom(...tricky), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''))

/** Keys and names a CSV reads trimmed (hand-made files carry stray spaces), so generated trimmed. */
const trimmedText = (maxLength: number) =>
  trickyText.map((text) => text.trim().slice(0, maxLength)).filter((text) => text.length > 0 && text === text.trim() && !/\s$/.test(text))

const idArbitrary = fc.oneof(fc.uuid().map((id) => id.toLowerCase()), fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9;%@:._=+'-]{0,40}$/))

const timestamp = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString())

const attributesArbitrary: fc.Arbitrary<AnnotationAttributes> = fc
  .record(
    {
      indicator: trimmedText(128),
      value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
      widen: fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 }),
      unit: trickyText.map((text) => text.slice(0, 32)).filter((text) => text.length > 0 && text.length <= 32),
      comparator: fc.constantFrom(...comparators),
      periodYear: fc.integer({ min: 1900, max: 2200 }),
      deadlineYear: fc.integer({ min: 1900, max: 2200 }),
      note: trickyText,
      followUpStatus: fc.constantFrom(...followUpStatuses),
    },
    { requiredKeys: [] },
  )
  .map(({ widen, ...fields }) => {
    const attributes: AnnotationAttributes = { ...fields }
    // JSON has no -0 (and no figure needs one): 0 it is.
    if (fields.value !== undefined) attributes.value = fields.value + 0
    // A range's upper bound is never below its lower bound (a CSV refuses that as bad input).
    if (widen !== undefined) attributes.valueMax = (fields.value ?? 0) + widen + 0
    return attributes
  })

interface Generated {
  pieces: string[]
  annotations: Array<{
    id: string
    label: string
    attributes: AnnotationAttributes
    status: Annotation['status']
    suggestion?: Annotation['suggestion']
    author: string
    createdAt: string
    updatedAt: string
    links: Array<{ type: (typeof linkTypes)[number]; to: number }>
  }>
}

const generated: fc.Arbitrary<Generated> = fc
  .uniqueArray(idArbitrary, { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.record({
      pieces: fc.array(trickyText, { minLength: ids.length, maxLength: ids.length }),
      annotations: fc.tuple(
        ...ids.map((id) =>
          fc.record(
            {
              id: fc.constant(id),
              label: fc.constantFrom(...builtInLabels.map((label) => label.key)),
              attributes: attributesArbitrary,
              status: fc.constantFrom(...annotationStatuses),
              suggestion: fc.record({ confidence: fc.double({ min: 0, max: 1, noNaN: true }), rule: fc.string({ maxLength: 20 }) }),
              author: trimmedText(200),
              createdAt: timestamp,
              updatedAt: timestamp,
              links: fc.array(fc.record({ type: fc.constantFrom(...linkTypes), to: fc.nat({ max: ids.length - 1 }) }), { maxLength: 3 }),
            },
            { requiredKeys: ['id', 'label', 'attributes', 'status', 'author', 'createdAt', 'updatedAt', 'links'] },
          ),
        ),
      ),
    }),
  )

/** One document whose text is the pieces, each annotation covering its own piece. */
function build({ pieces, annotations }: Generated): { record: DocumentRecord; text: string; annotations: Annotation[] } {
  const separator = '。'
  const text = pieces.join(separator)
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex')
  const record: DocumentRecord = {
    id: sha256.slice(0, 16),
    sha256,
    title: '测试 "文档", =1',
    textLength: text.length,
    meta: { year: 2020, date: null, docNumber: null, issuer: null, docType: 'other', script: 'zh-Hans' },
    source: { fileName: 'doc.txt', format: 'txt', encoding: 'utf-8' },
    importedAt: '2026-01-01T00:00:00.000Z',
    cleanupApplied: [],
  }
  let offset = 0
  const made = annotations.map((entry, index) => {
    const start = offset
    offset += pieces[index].length + separator.length
    const { links, ...fields } = entry
    return {
      ...fields,
      documentId: record.id,
      ...selectorFor(text, start, start + pieces[index].length),
      links: links.map((link) => ({ type: link.type, annotationId: annotations[link.to].id, documentId: record.id })),
    } as Annotation
  })
  return { record, text, annotations: made }
}

function resolveInto(bundle: ReturnType<typeof parseCsv>, doc: { record: DocumentRecord; text: string }): Annotation[] {
  const result = resolveBundle(bundle, {
    documents: [{ id: doc.record.id, sha256: doc.record.sha256, fileName: doc.record.source.fileName, text: doc.text }],
    labels: builtInLabels,
    annotator: 'fallback',
    now: '2000-01-01T00:00:00.000Z',
    newId: () => 'new-id',
  })
  expect(result.problems).toEqual([])
  return result.annotations
}

const nativeOf = (documents: ExportDocument[]) =>
  JSON.stringify(buildNativeFile({ workspaceName: 'ws', annotator: '甲', labels: builtInLabels, indicators: [], documents, includeText: false, exportedAt: '2026-01-01T00:00:00.000Z' }))

describe('the formula guard is reversible', () => {
  it.each([
    ["'=SUM(A1)", "''=SUM(A1)"],
    ['=SUM(A1)', "'=SUM(A1)"],
    ["'plain", "''plain"],
    ["''", "'''"],
    ['-5', '-5'],
    ['-x', "'-x"],
    ['plain', 'plain'],
  ])('%j is written %j and read back as it was', (cell, written) => {
    expect(spreadsheetSafe(cell)).toBe(written)
    expect(spreadsheetUnsafe(written)).toBe(cell)
  })

  it('holds for any text', () => {
    fc.assert(fc.property(fc.oneof(trickyText, fc.string()), (cell) => spreadsheetUnsafe(spreadsheetSafe(cell)) === cell))
  })
})

describe('round trips keep every field', () => {
  it('.pwb.json: export → import gives the same annotations, export again the same bytes', () => {
    fc.assert(
      fc.property(generated, (input) => {
        const doc = build(input)
        const first = nativeOf([doc])
        const imported = resolveInto(parseNativeFile(first, 'a.pwb.json'), doc)
        expect(imported).toEqual(doc.annotations)
        expect(nativeOf([{ ...doc, annotations: imported }])).toBe(first)
      }),
      { numRuns: 150 },
    )
  })

  it('CSV: export → import gives the same annotations, export again the same bytes', () => {
    fc.assert(
      fc.property(generated, (input) => {
        const doc = build(input)
        const first = buildCsv([doc], [])
        const imported = resolveInto(parseCsv(first, 'a.csv'), doc)
        // A proposal's confidence and rule have no column: said in the export's losses.
        const withSuggestion = doc.annotations.filter((annotation) => annotation.suggestion).length
        expect(csvLosses([doc])).toEqual(withSuggestion > 0 ? [{ field: 'suggestion', count: withSuggestion }] : [])
        expect(imported).toEqual(doc.annotations.map(({ suggestion: _dropped, ...rest }) => rest))
        expect(buildCsv([{ ...doc, annotations: imported }], [])).toBe(first)
      }),
      { numRuns: 150 },
    )
  })

  it("a quote that really begins with '= comes back with its '", () => {
    const doc = build({
      pieces: ["'=SUM(A1)", '=2+3', "'quoted"],
      annotations: ['a', 'b', 'c'].map((id) => ({ id, label: 'target', attributes: { note: "'=note" }, status: 'accepted' as const, author: '甲', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', links: [] })),
    })
    const imported = resolveInto(parseCsv(buildCsv([doc], []), 'q.csv'), doc)
    expect(imported.map((annotation) => annotation.quote)).toEqual(["'=SUM(A1)", '=2+3', "'quoted"])
    expect(imported[0].attributes.note).toBe("'=note")
  })

  it('a file of the 18 columns of DESIGN §8 still imports', () => {
    const doc = build({ pieces: ['城镇新增就业1100万人以上'], annotations: [{ id: 'x1', label: 'target', attributes: { value: 1100 }, status: 'accepted', author: '甲', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', links: [] }] })
    const full = Papa.parse<string[]>(buildCsv([doc], []).replace(/^\uFEFF/, '')).data
    const short = Papa.unparse(full.map((row) => row.slice(0, 18)))
    expect(short.split('\r\n')[0]).toBe(csvColumns.join(','))
    const [annotation] = resolveInto(parseCsv(short, 's.csv'), doc)
    expect(annotation).toMatchObject({ id: 'x1', quote: '城镇新增就业1100万人以上', attributes: { value: 1100 }, author: '甲' })
  })
})
