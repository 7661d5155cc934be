// Figure summaries in columns (issue 13, schema 5): a summary decodes into the engine's columns
// without an object per figure, and every figure made from them is the one summarized, attributes
// beyond compare's included. A summary that is damaged (a number of the binary block, a code that
// names nothing, a cut), of the earlier schema or of the other byte order is never read: it is
// rebuilt from the annotation file, so it never changes a verdict. The engine's lists made lazily
// (lazy-array.ts) read like the arrays they stand for.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { compareAcrossYears, rowView, type CompareResult } from '../../src/shared/compare'
import { figureColumnsOf } from '../../src/shared/figure-columns'
import { lazyArray } from '../../src/shared/lazy-array'
import type { Annotation, AnnotationAttributes, DocumentRecord, Indicator } from '../../src/shared/model'
import { FIGURES_DIR, FigureIndex, summarize } from '../../src/main/services/figure-index'
import { tempDir } from '../support/paths'

function documentRecord(id: string, year: number): DocumentRecord {
  return {
    id,
    sha256: id.padEnd(64, '0'),
    title: `${year}年政府工作报告`,
    textLength: 10_000,
    meta: { year, date: `${year}-03-05`, docNumber: null, issuer: '国务院', docType: 'government-work-report', script: 'zh-Hans' },
    source: { fileName: `${year}.txt`, format: 'txt', encoding: 'utf-8' },
    importedAt: '2026-01-01T00:00:00.000Z',
    cleanupApplied: [],
  }
}

const documents = [documentRecord('a000000000000001', 2019), documentRecord('a000000000000002', 2021)]
const indicators: Indicator[] = [
  { key: 'rd', name: '研发投入', aliases: [], unit: '亿元', higherIsBetter: true },
  { key: 'jobs', name: '城镇新增就业', aliases: [], unit: '万人', higherIsBetter: true },
]

/** Figures of every shape the columns tell apart: absent fields, an empty indicator, ranges, extras, odd quotes. */
function annotationsOf(documentId: string, year: number): Annotation[] {
  const shapes: Array<[string, AnnotationAttributes, string?]> = [
    ['target', { indicator: 'rd', value: 1.1, unit: '万亿元', comparator: '>=', periodYear: year + 1 }],
    ['achievement', { indicator: 'rd', value: 9800, unit: '亿元', periodYear: year }],
    ['target', { indicator: 'jobs', value: 1100, valueMax: 1200, unit: '万人', comparator: '≈', deadlineYear: year + 2, note: '区间目标' }],
    ['achievement', { indicator: 'jobs', value: 6.5, unit: '%', periodYear: year }],
    ['target', { indicator: '', value: 3, periodYear: year }],
    ['target', { value: 3, unit: '亿元' }],
    ['achievement', { indicator: 'rd', unit: '亿元', periodYear: year, followUpStatus: 'done' }],
    ['commitment', { indicator: 'rd' }],
    ['target', { indicator: 'new-key', value: -0.25, unit: '', comparator: '<', periodYear: year }, '\uD800孤立\uDC00 \u{20BB7}'],
  ]
  return shapes.map(([label, attributes, quote], n) => ({
    id: `${documentId}-${n}`,
    documentId,
    start: n * 40,
    end: n * 40 + 10,
    quote: quote ?? `第${n}条：${JSON.stringify(attributes)}`,
    prefix: '',
    suffix: '',
    label,
    attributes,
    links: [],
    status: n === 3 && year === 2021 ? 'suggested' : 'accepted',
    author: 'tester',
    createdAt: '2026-11-26T00:00:00.000Z',
    updatedAt: '2026-11-26T00:00:00.000Z',
  }))
}

const byDocument = new Map(documents.map((doc) => [doc.id, annotationsOf(doc.id, doc.meta.year!)]))

async function summariesOnDisk(): Promise<{ dir: string; annotationsDir: string }> {
  const dir = await tempDir('figure-columns')
  const annotationsDir = join(dir, 'annotations')
  await mkdir(annotationsDir, { recursive: true })
  const writer = new FigureIndex(dir, annotationsDir, false)
  for (const [documentId, annotations] of byDocument) {
    await writeFile(join(annotationsDir, `${documentId}.json`), JSON.stringify({ annotations }))
    await writer.rebuild(documentId, annotations)
  }
  await writer.idle()
  return { dir, annotationsDir }
}

function answers(result: CompareResult) {
  return { years: result.years, rows: result.rows.map((row) => rowView(row, result.sources)), unplaced: [...result.unplaced] }
}

/** The summary's parts as its header places them. */
function partsOf(bytes: Buffer) {
  const first = bytes.indexOf(0x0a)
  const second = bytes.indexOf(0x0a, first + 1)
  const header = JSON.parse(bytes.toString('utf8', 0, first)) as { blockBytes: number; figureCount: number; byteOrder: string; schemaVersion: number; checksums: Record<string, string> }
  return { first, second, header, blockStart: second + 1, blockEnd: second + 1 + header.blockBytes }
}

/** The summary with its header's figures checksum made true again for changed bytes: damage a checksum does not catch. */
function withTrueChecksum(bytes: Buffer): Buffer {
  const { first, second, header, blockEnd } = partsOf(bytes)
  header.checksums.figures = crc32(bytes.subarray(second + 1, blockEnd), crc32(bytes.subarray(first + 1, second + 1))).toString(16).padStart(8, '0')
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), bytes.subarray(first + 1)])
}

describe('figure summaries in columns', () => {
  it('gives back every figure as summarized, and the same verdicts as the annotations', async () => {
    const { dir, annotationsDir } = await summariesOnDisk()
    const reader = new FigureIndex(dir, annotationsDir, true)
    const columns = documents.map((doc) => reader.readNow(doc.id, 'figures')!)
    for (const [at, doc] of documents.entries()) {
      const expected = summarize(doc.id, byDocument.get(doc.id)!).figures.all()
      expect(columns[at].all()).toEqual(expected)
      // Attributes beyond compare's come back; an empty indicator stays empty, an absent one absent.
      expect(columns[at].all().find((figure) => figure.attributes.note)?.attributes.note).toBe('区间目标')
      expect(columns[at].all().map((figure) => figure.attributes.indicator)).toEqual(expected.map((figure) => figure.attributes.indicator))
    }
    const all = [...byDocument.values()].flat()
    const full = compareAcrossYears({ annotations: all, documents, indicators })
    const fromColumns = compareAcrossYears({ figures: columns, documents, indicators })
    expect(full.unplaced.length).toBeGreaterThan(0)
    expect(answers(fromColumns)).toEqual(answers(full))
  })

  it('keeps, after a save, the accepted targets and achievements as the annotation file holds them', () => {
    for (const [documentId, annotations] of byDocument) {
      const figures = annotations
        .filter((annotation) => annotation.status === 'accepted' && (annotation.label === 'target' || annotation.label === 'achievement'))
        .map(({ id, start, quote, label, attributes, status }) => ({ id, documentId, start, quote, label, attributes, status }))
      const columns = summarize(documentId, annotations).figures
      expect(columns.size).toBe(figures.length)
      expect(columns.all()).toEqual(figures)
      expect(figures.map((_, at) => columns.startOf(at))).toEqual(figures.map((figure) => figure.start))
    }
  })

  it('reads the summary of a document without figures (only commitments) rather than rebuilding it at every opening', async () => {
    const dir = await tempDir('figure-columns-empty')
    const annotationsDir = join(dir, 'annotations')
    await mkdir(annotationsDir, { recursive: true })
    const commitments = annotationsOf('a000000000000003', 2020).filter((annotation) => annotation.label === 'commitment')
    expect(commitments.length).toBeGreaterThan(0)
    await writeFile(join(annotationsDir, 'a000000000000003.json'), JSON.stringify({ annotations: commitments }))
    const writer = new FigureIndex(dir, annotationsDir, false)
    await writer.rebuild('a000000000000003', commitments)
    await writer.idle()
    // Node's crc32 of an empty Buffer.alloc(0) continuing a sum gave 0, where the same empty part read from the file gave the sum.
    const reader = new FigureIndex(dir, annotationsDir, true)
    expect(reader.readNow('a000000000000003', 'figures')?.size).toBe(0)
    expect(reader.readNow('a000000000000003', 'linked')?.map((annotation) => annotation.id)).toEqual(commitments.map((annotation) => annotation.id))
  })

  it('puts annotation arrays into columns whose figures are the annotations themselves', () => {
    const all = [...byDocument.values()].flat()
    const sets = figureColumnsOf(all)
    expect(sets.map((set) => set.documentId)).toEqual(documents.map((doc) => doc.id))
    const kept = all.filter((annotation) => annotation.status === 'accepted' && annotation.label !== 'commitment')
    const figures = sets.flatMap((set) => set.all())
    expect(figures.length).toBe(kept.length)
    figures.forEach((figure, at) => expect(figure).toBe(kept[at]))
  })

  it("keeps a matrix's answers when a later computation reuses the engine's columns", () => {
    const all = [...byDocument.values()].flat()
    const first = compareAcrossYears({ annotations: all, documents, indicators })
    const expected = answers(compareAcrossYears({ annotations: all, documents, indicators }))
    // Another computation over other annotations, in the same reused arrays.
    const other = all.map((annotation) => ({ ...annotation, attributes: { ...annotation.attributes, indicator: 'other', value: 1 } }))
    compareAcrossYears({ annotations: other.concat(other), documents, indicators })
    expect(answers(first)).toEqual(expected)
    expect(first.unplaced.map((figure) => figure.indicator)).toEqual(expected.unplaced.map((figure) => figure.indicator))
  })

  it('never reads a damaged summary: a changed number, a code naming nothing, a cut block', async () => {
    const { dir, annotationsDir } = await summariesOnDisk()
    const documentId = documents[0].id
    const path = join(dir, FIGURES_DIR, `${documentId}.summary`)
    const whole = await readFile(path)
    const { blockStart, blockEnd, header } = partsOf(whole)
    expect(header.schemaVersion).toBe(5)
    const fresh = () => new FigureIndex(dir, annotationsDir, true).readNow(documentId, 'figures')
    expect(fresh()).not.toBeNull()

    // The first value (Float64, first column of the block) changed: the checksum catches it.
    const changed = Buffer.from(whole)
    changed.writeDoubleLE(changed.readDoubleLE(blockStart) + 1, blockStart)
    await writeFile(path, changed)
    expect(fresh()).toBeNull()

    // A label code past the names, with its checksum made true: the columns' own check catches it.
    const count = header.figureCount
    const labelCodes = blockStart + count * 4 * 8
    const badCode = Buffer.from(whole)
    badCode.writeInt32LE(7, labelCodes)
    await writeFile(path, withTrueChecksum(badCode))
    expect(fresh()).toBeNull()

    // Ids and quotes whose ends run past the text, checksum true again.
    const quoteEnds = blockStart + count * 4 * 8 + 6 * count * 4
    const badEnds = Buffer.from(whole)
    badEnds.writeInt32LE(badEnds.readInt32LE(quoteEnds + (count - 1) * 4) + 1, quoteEnds + (count - 1) * 4)
    await writeFile(path, withTrueChecksum(badEnds))
    expect(fresh()).toBeNull()

    // Cut inside the block's columns (a cut inside its text is found when the text is read, below).
    await writeFile(path, whole.subarray(0, blockStart + count * 4 * 8 + 10))
    expect(fresh()).toBeNull()
    expect(blockEnd).toBeGreaterThan(blockStart)

    // Rebuilt from the annotation file, the same summary as before, read again.
    const writer = new FigureIndex(dir, annotationsDir, false)
    await writer.rebuild(documentId, byDocument.get(documentId)!)
    await writer.idle()
    expect(await readFile(path)).toEqual(whole)
    expect(fresh()?.all()).toEqual(summarize(documentId, byDocument.get(documentId)!).figures.all())
  })

  it('does not read a summary of schema 4 or of the other byte order', async () => {
    const { dir, annotationsDir } = await summariesOnDisk()
    const documentId = documents[1].id
    const path = join(dir, FIGURES_DIR, `${documentId}.summary`)
    const whole = await readFile(path)
    const { first, header } = partsOf(whole)
    const rewritten = (change: (header: Record<string, unknown>) => void) => {
      const copy = JSON.parse(JSON.stringify(header)) as Record<string, unknown>
      change(copy)
      return Buffer.concat([Buffer.from(`${JSON.stringify(copy)}\n`), whole.subarray(first + 1)])
    }
    await writeFile(path, rewritten((copy) => (copy.schemaVersion = 4)))
    expect(new FigureIndex(dir, annotationsDir, true).readNow(documentId, 'figures')).toBeNull()
    await writeFile(path, rewritten((copy) => (copy.byteOrder = copy.byteOrder === 'LE' ? 'BE' : 'LE')))
    expect(new FigureIndex(dir, annotationsDir, true).readNow(documentId, 'figures')).toBeNull()
    await writeFile(path, whole)
    expect(new FigureIndex(dir, annotationsDir, true).readNow(documentId, 'figures')).not.toBeNull()
  })
})

describe("figures' text, read when first shown", () => {
  it('reads ids and quotes from the summary, or from the annotation file when the summary lost them, never wrong ones', async () => {
    const { dir, annotationsDir } = await summariesOnDisk()
    const documentId = documents[0].id
    const path = join(dir, FIGURES_DIR, `${documentId}.summary`)
    const whole = await readFile(path)
    const expected = summarize(documentId, byDocument.get(documentId)!).figures.all()
    const { blockEnd } = partsOf(whole)
    // Read before the damage, shown after: the text comes from the file when first shown.
    const read = new FigureIndex(dir, annotationsDir, true).readNow(documentId, 'figures')!
    const damaged = Buffer.from(whole)
    damaged[blockEnd - 2] ^= 0xff
    await writeFile(path, damaged)
    // The summary's text is damaged; the annotation file is the version it was written for: its figures' text.
    expect(read.all()).toEqual(expected)
    // Both gone: the figures say so rather than show another version's text.
    const again = new FigureIndex(dir, annotationsDir, true)
    await writeFile(path, whole)
    const columns = again.readNow(documentId, 'figures')!
    await writeFile(path, damaged)
    await writeFile(join(annotationsDir, `${documentId}.json`), JSON.stringify({ annotations: byDocument.get(documentId)!.slice(1) }))
    expect(() => columns.figure(0)).toThrow(/changed on disk/)
  })

  it('keeps the text of figures read before their summary is replaced by a save', async () => {
    const { dir, annotationsDir } = await summariesOnDisk()
    const documentId = documents[1].id
    const index = new FigureIndex(dir, annotationsDir, false)
    const before = index.readNow(documentId, 'figures')!
    const expected = summarize(documentId, byDocument.get(documentId)!).figures.all()
    // A save: the annotation file and then its summary replaced, as the store does.
    const edited = byDocument.get(documentId)!.map((annotation) => ({ ...annotation, quote: `改过的${annotation.quote}` }))
    await writeFile(join(annotationsDir, `${documentId}.json`), JSON.stringify({ annotations: edited }))
    await index.saved(documentId, edited)
    await index.idle()
    expect(index.readNow(documentId, 'figures')!.all()).toEqual(summarize(documentId, edited).figures.all())
    // The figures of the matrix computed before the save still show what they were.
    expect(before.all()).toEqual(expected)
  })
})

describe('lists made when read', () => {
  it('reads like the array it stands for, making only the elements read, and is read-only', () => {
    let made = 0
    const list = lazyArray(5, (n) => {
      made++
      return { n }
    })
    expect(list.length).toBe(5)
    expect(made).toBe(0)
    expect(list.slice(1, 3)).toEqual([{ n: 1 }, { n: 2 }])
    expect(made).toBe(2)
    expect(list[4]).toEqual({ n: 4 })
    expect(list[5]).toBeUndefined()
    expect(list['01' as unknown as number]).toBeUndefined()
    expect(made).toBe(3)
    expect(Array.isArray(list)).toBe(true)
    expect(list).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })))
    expect(list).not.toEqual([0, 1, 2, 3, 5].map((n) => ({ n })))
    expect(JSON.stringify(list)).toBe(JSON.stringify([0, 1, 2, 3, 4].map((n) => ({ n }))))
    expect([...list].map((element) => element.n)).toEqual([0, 1, 2, 3, 4])
    expect(Object.keys(list)).toEqual(['0', '1', '2', '3', '4'])
    expect(list.map((element) => element.n * 2)).toEqual([0, 2, 4, 6, 8])
    expect(() => {
      ;(list as unknown as { n: number }[])[0] = { n: 9 }
    }).toThrow(TypeError)
    expect(list[0]).toEqual({ n: 0 })
  })
})
