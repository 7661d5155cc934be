// The figures part of a summary file (figures/<id>.summary, see figure-index.ts): the columns
// compare reads, written and read as they are in memory (see FigureColumns), and the figures' ids
// and quotes, read from the file only when a figure of the document is first shown.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import type { FigureAnnotation } from '../../shared/compare'
import { COMPARATOR_CODES, extraAttributes, FIGURE_LABELS, FigureColumns, figureText, type TextUnits } from '../../shared/figure-columns'
import type { Annotation } from '../../shared/model'

/**
 * The names line: what the figures' codes stand for, and the attributes beyond compare's (a note, a
 * follow-up status: rare) by figure.
 */
type StoredNames = [labelNames: string[], indicatorNames: string[], unitNames: string[], extras: Array<[at: number, attributes: object]>]

/**
 * The figures' block: their columns as the engine reads them (see FigureColumns), so that reading
 * a summary makes no object per figure (schema 4's JSON made an array element of each id and an
 * object of each figure's attributes: 1.34 M of each for 10,000 documents, most of the time of a
 * first opening went into making them and into the collector copying them). In this order, for n
 * figures: 4 × n Float64 (value, valueMax, periodYear, deadlineYear; NaN when absent), 7 × n Int32
 * (label, indicator, unit and comparator codes, -1 when absent; start; where each id ends; where
 * each quote ends), then each figure's id and quote as UTF-16 (lone surrogates included, as JSON
 * kept them; V8's own form of such a string: copied rather than decoded).
 */
const NUMBER_COLUMNS = 4
const CODE_COLUMNS = 7

function blockLayout(count: number, textBytes: number) {
  const numberBytes = count * NUMBER_COLUMNS * 8
  const codeBytes = count * CODE_COLUMNS * 4
  return { numberBytes, codeBytes, textBytes, total: numberBytes + codeBytes + textBytes }
}

/** A document's figures as a summary file holds them: its names line, and its block whose last textBytes are their text. */
export interface EncodedFigures {
  names: Buffer
  block: Buffer
  textBytes: number
}

/**
 * The names line and the block of a document's figures (accepted targets and achievements, in
 * file order), and their columns for this session, views of that same block: made in one pass
 * over the figures, straight into the bytes the summary file holds. Made as columns first and
 * encoded from them after, a save of 5,000 figures made each figure's object and its text twice
 * over (compactColumns, then every figure again to encode it): 4.5 ms of the main process's CPU.
 */
export function encodeFigures(documentId: string, figures: readonly FigureAnnotation[]): { encoded: EncodedFigures; columns: FigureColumns } {
  const count = figures.length
  const { text, idEnds, quoteEnds } = figureText(figures)
  const layout = blockLayout(count, text.length * 2)
  const memory = new ArrayBuffer(layout.total)
  const block = Buffer.from(memory)
  const numbers = new Float64Array(memory, 0, count * NUMBER_COLUMNS)
  const codes = new Int32Array(memory, layout.numberBytes, count * CODE_COLUMNS)
  // Codes in the order names first appear, as the names line lists them.
  const labelNames: string[] = []
  const indicatorNames: string[] = []
  const indicatorCodes = new Map<string, number>()
  const unitNames: string[] = []
  const unitCodes = new Map<string, number>()
  const extras: StoredNames[3] = []
  const extraMap = new Map<number, Partial<FigureAnnotation['attributes']>>()
  const codeOf = (names: string[], known: Map<string, number>, name: string | undefined): number => {
    if (name === undefined) return -1
    let code = known.get(name)
    if (code === undefined) {
      code = names.push(name) - 1
      known.set(name, code)
    }
    return code
  }
  const absentIsNaN = (value: number | undefined) => (value === undefined ? Number.NaN : value)
  for (let at = 0; at < count; at++) {
    const figure = figures[at]
    const attributes = figure.attributes
    let label = labelNames.indexOf(figure.label)
    if (label < 0) label = labelNames.push(figure.label) - 1
    codes[at] = label
    codes[count + at] = codeOf(indicatorNames, indicatorCodes, attributes.indicator)
    codes[2 * count + at] = codeOf(unitNames, unitCodes, attributes.unit)
    codes[3 * count + at] = attributes.comparator === undefined ? -1 : COMPARATOR_CODES.indexOf(attributes.comparator)
    codes[4 * count + at] = figure.start
    numbers[at] = absentIsNaN(attributes.value)
    numbers[count + at] = absentIsNaN(attributes.valueMax)
    numbers[2 * count + at] = absentIsNaN(attributes.periodYear)
    numbers[3 * count + at] = absentIsNaN(attributes.deadlineYear)
    const extra = extraAttributes(attributes)
    if (extra) {
      extras.push([at, extra])
      extraMap.set(at, extra)
    }
  }
  codes.set(idEnds, 5 * count)
  codes.set(quoteEnds, 6 * count)
  const textStart = layout.numberBytes + layout.codeBytes
  block.write(text, textStart, 'utf16le')
  const stored: StoredNames = [labelNames, indicatorNames, unitNames, extras]
  const encoded = { names: Buffer.from(`${JSON.stringify(stored)}\n`), block, textBytes: layout.textBytes }
  const number = (n: number) => numbers.subarray(n * count, (n + 1) * count)
  const code = (n: number) => codes.subarray(n * count, (n + 1) * count)
  const units: TextUnits = { units: new Uint16Array(memory, textStart, text.length), decode: (from, to) => block.toString('utf16le', textStart + from * 2, textStart + to * 2) }
  const lazyText = { units, idEnds: code(5), quoteEnds: code(6), starts: code(4), extras: extraMap }
  const columns = new FigureColumns(documentId, count, labelNames, code(0), indicatorNames, code(1), unitNames, code(2), code(3), number(0), number(1), number(2), number(3), lazyText)
  return { encoded, columns }
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((name) => typeof name === 'string')

/**
 * One string for each indicator key and unit, however many summaries name it: 10,000 documents
 * name some 100 indicators each, a million strings JSON.parse made that would otherwise all be
 * kept (and copied by the collector as they are kept); these die young instead.
 */
const sharedNames = new Map<string, string>()
function shared(name: string): string {
  const known = sharedNames.get(name)
  if (known !== undefined) return known
  // Names come from the workspace's codebook and its annotations: a bound, kept only as a guard.
  if (sharedNames.size > 100_000) sharedNames.clear()
  sharedNames.set(name, name)
  return name
}

const SLAB_BYTES = 8 * 1024 * 1024
let slab: ArrayBuffer | null = null
let slabUsed = 0

/**
 * Where a decoded summary's columns go: documents' columns side by side in slabs of a few MB. An
 * ArrayBuffer of its own for each of 10,000 documents took half a second of a first opening (each
 * is memory outside the heap the collector accounts for, and made it collect the whole heap
 * several times). A slab lives while one of its documents' columns does: what an edit replaces
 * stays until the slab goes, at most the size the summaries were when read.
 */
function columnMemory(bytes: number): { memory: ArrayBuffer; offset: number } {
  if (bytes > SLAB_BYTES / 8) return { memory: new ArrayBuffer(bytes), offset: 0 }
  if (!slab || slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES)
    slabUsed = 0
  }
  const offset = slabUsed
  // Aligned for the Float64 columns at the start of the next document's.
  slabUsed += Math.ceil(bytes / 8) * 8
  return { memory: slab, offset }
}

/**
 * A document's figures from its names line and the columns of its block (the block without its
 * text, `textBytes` long, which `text` reads when a figure is first shown); null for a pair of
 * another shape.
 */
export function decodeFigures(
  documentId: string,
  count: number,
  namesLine: Buffer,
  columns: Buffer,
  textBytes: number,
  text: (idEnds: Int32Array, quoteEnds: Int32Array) => () => TextUnits,
): FigureColumns | null {
  let stored: unknown
  try {
    stored = JSON.parse(namesLine.toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(stored) || stored.length !== 4 || !stored.slice(0, 3).every(isStringList) || !Array.isArray(stored[3])) return null
  const [labelNames, indicatorNames, unitNames, extraList] = (stored as StoredNames).map((list, n) => (n < 3 ? (list as string[]).map(shared) : list)) as StoredNames
  const layout = blockLayout(count, textBytes)
  if (textBytes % 2 !== 0 || columns.length !== layout.numberBytes + layout.codeBytes) return null
  // Copied out of the read buffer (shared from one summary to the next), aligned for the typed arrays.
  const { memory, offset } = columnMemory(columns.length)
  columns.copy(new Uint8Array(memory, offset, columns.length))
  const numbers = new Float64Array(memory, offset, count * NUMBER_COLUMNS)
  const codes = new Int32Array(memory, offset + layout.numberBytes, count * CODE_COLUMNS)
  const number = (n: number) => numbers.subarray(n * count, (n + 1) * count)
  const code = (n: number) => codes.subarray(n * count, (n + 1) * count)
  const [labels, indicators, units, comparators, starts, idEnds, quoteEnds] = [0, 1, 2, 3, 4, 5, 6].map(code)
  if (!labelNames.every((label) => FIGURE_LABELS.has(label))) return null
  // One pass over the columns: every code names something, every start is a start, and the ids
  // and quotes end where the block's text does.
  let end = 0
  for (let at = 0; at < count; at++) {
    if (labels[at] < 0 || labels[at] >= labelNames.length || indicators[at] < -1 || indicators[at] >= indicatorNames.length) return null
    if (units[at] < -1 || units[at] >= unitNames.length || comparators[at] < -1 || comparators[at] >= COMPARATOR_CODES.length || starts[at] < 0) return null
    if (idEnds[at] < end || quoteEnds[at] < idEnds[at]) return null
    end = quoteEnds[at]
  }
  if (end * 2 !== layout.textBytes) return null
  const extras = new Map<number, Partial<FigureAnnotation['attributes']>>()
  for (const entry of extraList) {
    if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || entry[0] < 0 || entry[0] >= count || typeof entry[1] !== 'object' || entry[1] === null) return null
    extras.set(entry[0], entry[1] as Partial<FigureAnnotation['attributes']>)
  }
  const lazyText = { units: text(idEnds, quoteEnds), idEnds, quoteEnds, starts, extras }
  return new FigureColumns(documentId, count, labelNames, labels, indicatorNames, indicators, unitNames, units, comparators, number(0), number(1), number(2), number(3), lazyText)
}


/**
 * Guards against damage, not forgery (the annotation file beside it is no better protected): a
 * CRC-32 catches every changed digit and every cut, at a fraction of a cryptographic hash's cost.
 */
export function checksumOf(bytes: string | Uint8Array, more?: Uint8Array): string {
  const sum = crc32(bytes)
  // Node 20's crc32 of an empty Buffer.alloc(0) continuing a sum answers 0, not the sum: a summary
  // without figures would then never match its checksum when read (and be rebuilt at every opening).
  return (more && more.length > 0 ? crc32(more, sum) : sum).toString(16).padStart(8, '0')
}

/** Node copies UTF-16 code units as they are, lone surrogates included, and faster than JavaScript can. */
function textUnitsOf(memory: ArrayBuffer): TextUnits {
  const bytes = Buffer.from(memory)
  return { units: new Uint16Array(memory), decode: (from, to) => bytes.toString('utf16le', from * 2, to * 2) }
}

/** Where a summary's text is and what must be true of it: its header's checksum, which covers it. */
export interface TextPlace {
  path: string
  documentId: string
  /** Where the text starts in the file, and its length. */
  position: number
  bytes: number
  checksum: string
  /** The annotation file the summary was written for, and its version then (for the fallback). */
  annotationPath: string
  sameVersion: (path: string) => boolean
  /** The ends of the ids and quotes the columns hold, which the text must fit. */
  idEnds: Int32Array
  quoteEnds: Int32Array
  /** The header line of the summary file as it is now (null when unreadable). */
  headerNow: (path: string) => { documentId?: string; checksums?: Record<string, string> } | null
}

/**
 * The reader of a summary's text, for the first figure of the document shown. From the summary
 * file when its header still names the same text and the text's checksum holds; else (the
 * summary deleted or damaged since) from the annotation file when it is the version the summary
 * was written for, whose figures then have the same ids and quotes. The store reads every
 * document's text before replacing its summary (FigureIndex.rebuild), so a matrix computed before
 * an edit can still show its figures; beyond that, the text is gone and the reader says so.
 */
export function textReader(place: TextPlace, summarizedFigures: (annotations: readonly Annotation[]) => FigureAnnotation[]): () => TextUnits {
  return () => {
    const fromSummary = readText(place)
    if (fromSummary) return fromSummary
    const fromAnnotations = textFromAnnotations(place, summarizedFigures)
    if (fromAnnotations) return fromAnnotations
    throw new Error(`The figures' text of document ${place.documentId} changed on disk before it was read`)
  }
}

function readText(place: TextPlace): TextUnits | null {
  try {
    const header = place.headerNow(place.path)
    if (!header || header.documentId !== place.documentId || header.checksums?.text !== place.checksum) return null
    const memory = new ArrayBuffer(place.bytes)
    const bytes = new Uint8Array(memory)
    const fd = openSync(place.path, 'r')
    try {
      for (let read = 0; read < place.bytes; ) {
        const got = readSync(fd, bytes, read, place.bytes - read, place.position + read)
        if (got === 0) return null
        read += got
      }
    } finally {
      closeSync(fd)
    }
    return checksumOf(bytes) === place.checksum ? textUnitsOf(memory) : null
  } catch {
    return null
  }
}

function textFromAnnotations(place: TextPlace, summarizedFigures: (annotations: readonly Annotation[]) => FigureAnnotation[]): TextUnits | null {
  try {
    if (!place.sameVersion(place.annotationPath)) return null
    const file = JSON.parse(readFileSync(place.annotationPath, 'utf8')) as { annotations?: Annotation[] }
    if (!Array.isArray(file.annotations)) return null
    const { text, idEnds, quoteEnds } = figureText(summarizedFigures(file.annotations))
    const same = (a: Int32Array, b: Int32Array) => a.length === b.length && a.every((end, at) => end === b[at])
    if (!same(idEnds, place.idEnds) || !same(quoteEnds, place.quoteEnds)) return null
    const memory = new ArrayBuffer(text.length * 2)
    Buffer.from(memory).write(text, 'utf16le')
    return textUnitsOf(memory)
  } catch {
    return null
  }
}

/** Whether a file's version (size, modification time, inode) is still `version`. */
export function versionMatches(path: string, version: { size: string; mtimeNs: string; ino: string }): boolean {
  const info = statSync(path, { bigint: true, throwIfNoEntry: false })
  return info !== undefined && String(info.size) === version.size && String(info.mtimeNs) === version.mtimeNs && String(info.ino) === version.ino
}
