// Figures indexed per document (issue 13): figures/<id>.summary holds what compare and the
// commitments view read of one annotation file, so a workspace of millions of annotations is
// compared without parsing every selector, quote and timestamp of every annotation file.
//
// A summary is derived data and never trusted over its annotation file: its header names the
// annotation file's version (size, modification time in nanoseconds, inode: a durable write
// renames a new file into place, so every save changes it) and a checksum of its body. A summary
// that is missing, damaged, or written for another version of the file is rebuilt from the
// annotation file, so a crash between saving the annotation file and its summary, an edit made
// outside the workbench or a restored backup never changes a verdict.
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import { endianness } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { FigureAnnotation } from '../../shared/compare'
import { COMPARATOR_CODES, compactColumns, extraAttributes, FIGURE_LABELS, FigureColumns, figureText } from '../../shared/figure-columns'
import type { Annotation } from '../../shared/model'
import { isErrorCode, writeFileDurably, type DurableWriteOptions } from './durable-file'
import { SerialQueue } from './json-store-file'

export const FIGURES_DIR = 'figures'
const SUMMARY_FORMAT = 'figure-summary'
// 3: CRC-32 checksums (SHA-256 over 10,000 summaries took half a second of every first opening).
// 4: the figures line in columns, their quotes in a block of UTF-16 after it.
// 5: every column of the figures binary (numbers and codes), ids and quotes UTF-16 (see encodeFigures).
const SUMMARY_SCHEMA_VERSION = 5
const MAX_PENDING_WRITES = 32
/** The byte order the numbers of a summary are written in: a summary of the other order is rebuilt. */
const BYTE_ORDER = endianness()

export interface FigureSummary {
  /** Accepted targets and achievements, in the order of the annotation file, as compare reads them. */
  figures: FigureColumns
  /**
   * Commitments and every annotation with a follow-up link, whole and in file order (any status:
   * a rejected commitment still hides the follow-up linked to it), for the commitments view.
   */
  linked: readonly Annotation[]
}

export type SummaryPart = keyof FigureSummary

interface FileVersion {
  size: string
  mtimeNs: string
  ino: string
}

/**
 * The file is this header line, the names line, the figures' block (blockBytes, then a newline) and
 * the linked annotations. Compare reads only up to the block's end (the linked ones, whole
 * annotations, are most of the bytes when commitments are many).
 */
interface SummaryHeader {
  format: typeof SUMMARY_FORMAT
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION
  documentId: string
  annotationFile: FileVersion
  byteOrder: 'LE' | 'BE'
  figureCount: number
  /** The length of the figures' block; the figures' checksum covers the names line and this block. */
  blockBytes: number
  checksums: Record<SummaryPart, string>
}

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

/** The names line and the block of a document's figures. */
function encodeFigures(columns: FigureColumns): { names: Buffer; block: Buffer } {
  const figures = columns.all()
  const count = figures.length
  const { text, idEnds, quoteEnds } = figureText(figures)
  const layout = blockLayout(count, text.length * 2)
  const block = Buffer.alloc(layout.total)
  const numbers = new Float64Array(count * NUMBER_COLUMNS)
  numbers.set(columns.values, 0)
  numbers.set(columns.valueMaxes, count)
  numbers.set(columns.periodYears, 2 * count)
  numbers.set(columns.deadlineYears, 3 * count)
  const codes = new Int32Array(count * CODE_COLUMNS)
  codes.set(columns.labels, 0)
  codes.set(columns.indicators, count)
  codes.set(columns.units, 2 * count)
  codes.set(columns.comparators, 3 * count)
  const extras: StoredNames[3] = []
  codes.set(idEnds, 5 * count)
  codes.set(quoteEnds, 6 * count)
  for (let at = 0; at < count; at++) {
    const figure = figures[at]
    codes[4 * count + at] = figure.start
    const extra = extraAttributes(figure.attributes)
    if (extra) extras.push([at, extra])
  }
  Buffer.from(numbers.buffer).copy(block, 0)
  Buffer.from(codes.buffer).copy(block, layout.numberBytes)
  block.write(text, layout.numberBytes + layout.codeBytes, 'utf16le')
  // Names in the columns' own lists, which may be shared with other documents' (see figureColumnsOf): only this one's are kept.
  const stored: StoredNames = [[...columns.labelNames], [...columns.indicatorNames], [...columns.unitNames], extras]
  return { names: Buffer.from(`${JSON.stringify(stored)}\n`), block }
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

/** A document's figures from its names line and block; null for a pair of another shape. */
function decodeFigures(documentId: string, count: number, namesLine: Buffer, block: Buffer): FigureColumns | null {
  let stored: unknown
  try {
    stored = JSON.parse(namesLine.toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(stored) || stored.length !== 4 || !stored.slice(0, 3).every(isStringList) || !Array.isArray(stored[3])) return null
  const [labelNames, indicatorNames, unitNames, extraList] = (stored as StoredNames).map((list, n) => (n < 3 ? (list as string[]).map(shared) : list)) as StoredNames
  const layout = blockLayout(count, block.length - count * (NUMBER_COLUMNS * 8 + CODE_COLUMNS * 4))
  if (layout.textBytes < 0 || layout.textBytes % 2 !== 0) return null
  // Copied out of the read buffer (shared from one summary to the next), aligned for the typed arrays.
  const { memory, offset } = columnMemory(layout.total)
  block.copy(new Uint8Array(memory, offset, layout.total), 0, 0, layout.total)
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
  const textStart = offset + layout.numberBytes + layout.codeBytes
  // Node copies UTF-16 code units as they are, lone surrogates included, and faster than JavaScript can.
  const textBytes = Buffer.from(memory, textStart, layout.textBytes)
  const decode = (from: number, to: number) => textBytes.toString('utf16le', from * 2, to * 2)
  const text = { units: new Uint16Array(memory, textStart, layout.textBytes / 2), idEnds, quoteEnds, starts, extras, decode }
  return new FigureColumns(documentId, count, labelNames, labels, indicatorNames, indicators, unitNames, units, comparators, number(0), number(1), number(2), number(3), text)
}

/** The accepted targets and achievements, and the linked annotations, of a document's annotations. */
export function summarize(documentId: string, annotations: readonly Annotation[]): FigureSummary {
  const figures: FigureAnnotation[] = []
  const linked: Annotation[] = []
  for (const annotation of annotations) {
    if (annotation.status === 'accepted' && FIGURE_LABELS.has(annotation.label)) {
      const { id, documentId, start, quote, label, attributes, status } = annotation
      figures.push({ id, documentId, start, quote, label, attributes, status })
    }
    if (annotation.label === 'commitment' || annotation.links.some((link) => link.type === 'follow-up-of')) linked.push(annotation)
  }
  return { figures: compactColumns(documentId, figures), linked }
}

/**
 * Guards against damage, not forgery (the annotation file beside it is no better protected): a
 * CRC-32 catches every changed digit and every cut, at a fraction of a cryptographic hash's cost.
 */
function checksumOf(bytes: string | Uint8Array, more?: Uint8Array): string {
  const sum = crc32(bytes)
  return (more ? crc32(more, sum) : sum).toString(16).padStart(8, '0')
}

function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino
}

export class FigureIndex {
  /** Figures known true in this session: read and checked, or written after a save. */
  private readonly known = new Map<string, FigureColumns>()
  private folderMade = false
  private readonly summaryWrites = new SerialQueue()
  private readonly pendingWrites = new Map<string, { summary: FigureSummary; version: FileVersion }>()

  constructor(
    private readonly workspaceDir: string,
    private readonly annotationsDir: string,
    private readonly readOnly: boolean,
    private readonly writeOptions: Pick<DurableWriteOptions, 'beforeRename'> = {},
  ) {}

  private summaryPath(documentId: string): string {
    return join(this.workspaceDir, FIGURES_DIR, `${documentId}.summary`)
  }

  private async versionOf(documentId: string): Promise<FileVersion | null> {
    try {
      const info = await stat(join(this.annotationsDir, `${documentId}.json`), { bigint: true })
      return { size: String(info.size), mtimeNs: String(info.mtimeNs), ino: String(info.ino) }
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return null
      throw error
    }
  }

  private versionNow(documentId: string): FileVersion | null {
    const info = statSync(join(this.annotationsDir, `${documentId}.json`), { bigint: true, throwIfNoEntry: false })
    return info ? { size: String(info.size), mtimeNs: String(info.mtimeNs), ino: String(info.ino) } : null
  }

  /**
   * One part of the summary if it is known, or on disk and true to the annotation file as it is
   * now; null when it must be rebuilt (inside the document's write queue, see rebuild). Only the
   * figures are kept in memory: the commitments view reads the linked part again each time.
   */
  async read<P extends SummaryPart>(documentId: string, part: P): Promise<FigureSummary[P] | null> {
    return this.readNow(documentId, part)
  }

  /**
   * read, without leaving the thread: ten thousand summaries read through the promise API cost
   * five round trips to the thread pool each (open, fstat, read, close, the annotation file's
   * stat), 0.5 s of a first opening of 10,000 documents; read here they are a few system calls
   * from the page cache. The caller reads a batch at a time and lets other work in between.
   */
  readNow<P extends SummaryPart>(documentId: string, part: P): FigureSummary[P] | null {
    const known = part === 'figures' ? this.known.get(documentId) : undefined
    if (known) return known as FigureSummary[P]
    let raw: Buffer
    // The header, parsed once: to know how much to read, then to check what was read.
    let header: Partial<SummaryHeader> | null = null
    const blockBytesIn = (head: Buffer) => {
      header = headerOf(head.subarray(0, head.indexOf(NEWLINE)))
      const blockBytes = header?.blockBytes
      return Number.isSafeInteger(blockBytes) && blockBytes! >= 0 ? blockBytes! + 1 : 0
    }
    try {
      // Up to the figures' block and the newline after it: the linked annotations after it are half the bytes.
      raw = part === 'figures' ? readThroughLine(this.summaryPath(documentId), 2, blockBytesIn) : readFileSync(this.summaryPath(documentId))
    } catch {
      return null
    }
    const version = this.versionNow(documentId)
    const found = version && parsePart(raw, documentId, version, part, header)
    if (!found) return null
    if (part === 'figures') this.known.set(documentId, found as FigureColumns)
    return found
  }

  /** The figures when they are known in this session, without touching the disk. */
  knownFigures(documentId: string): FigureColumns | undefined {
    return this.known.get(documentId)
  }

  /**
   * The summary of the annotations as the annotation file holds them now; called inside its
   * queue, where the file's version is taken. Summaries are written one at a time in the
   * background: ten thousand rebuilt at the first opening must not hold up the analyst's saves.
   */
  async rebuild(documentId: string, annotations: readonly Annotation[]): Promise<FigureSummary> {
    const summary = summarize(documentId, annotations)
    this.known.set(documentId, summary.figures)
    await this.schedule(documentId, summary)
    return summary
  }

  /**
   * Queues the summary's durable write for the annotation file's version as it is now (called
   * inside the file's queue, so the two belong together). Written later, one at a time, the
   * newest of a document only: a save in between leaves a summary stale on disk, never wrong.
   */
  private async schedule(documentId: string, summary: FigureSummary): Promise<void> {
    if (this.readOnly) return
    const version = await this.versionOf(documentId).catch(() => null)
    if (!version) return
    const alreadyQueued = this.pendingWrites.has(documentId)
    this.pendingWrites.set(documentId, { summary, version })
    if (alreadyQueued) return
    // A rebuild of thousands waits for the writes: summaries waiting to be written are held in memory.
    if (this.pendingWrites.size > MAX_PENDING_WRITES) await this.summaryWrites.idle()
    void this.summaryWrites.run(async () => {
      const latest = this.pendingWrites.get(documentId)
      this.pendingWrites.delete(documentId)
      if (latest) await this.write(documentId, latest.summary, latest.version)
    })
  }

  /** Resolves once the summaries queued so far are written. */
  idle(): Promise<void> {
    return this.summaryWrites.idle()
  }

  /**
   * After the store saved a document's annotation file, inside its queue: the figures are known at
   * once; the save is acknowledged when the annotation file is durable, not the summary, which
   * is derived and written after (see schedule).
   */
  async saved(documentId: string, annotations: readonly Annotation[]): Promise<void> {
    await this.rebuild(documentId, annotations)
  }

  forget(documentId: string): void {
    this.known.delete(documentId)
  }

  /**
   * A summary that cannot be written is only slower to read next time: the annotation file is
   * saved already, and a summary left from an earlier version no longer matches it.
   */
  private async write(documentId: string, summary: FigureSummary, version: FileVersion): Promise<void> {
    try {
      const { names, block } = encodeFigures(summary.figures)
      const linked = Buffer.from(JSON.stringify(summary.linked))
      const header: SummaryHeader = {
        format: SUMMARY_FORMAT,
        schemaVersion: SUMMARY_SCHEMA_VERSION,
        documentId,
        annotationFile: version,
        byteOrder: BYTE_ORDER,
        figureCount: summary.figures.size,
        blockBytes: block.length,
        checksums: { figures: checksumOf(names, block), linked: checksumOf(linked) },
      }
      if (!this.folderMade) {
        await mkdir(join(this.workspaceDir, FIGURES_DIR), { recursive: true })
        this.folderMade = true
      }
      // JSON.stringify escapes every newline inside a string: each JSON part stays one line.
      const bytes = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), names, block, Buffer.from('\n'), linked])
      await writeFileDurably(this.summaryPath(documentId), bytes, this.writeOptions)
    } catch {
      // See above: the next read finds it missing or stale and rebuilds it.
    }
  }
}

const NEWLINE = 0x0a
const READ_CHUNK = 64 * 1024

/**
 * Where summaries are read, one after another, and decoded before the next is read: 10,000 buffers
 * of their own were 0.8 GB of memory outside the heap for the collector to account for.
 */
let scratch = Buffer.allocUnsafe(256 * 1024)
/** A summary larger than this gets a buffer of its own, so that one huge document does not hold memory for the session. */
const MAX_SCRATCH = 8 * 1024 * 1024

/**
 * The file's bytes up to and including its `count`th newline and the `bytesAfter` them those bytes
 * tell, or all of them when it has fewer; valid until the next call (they may be in the shared
 * scratch buffer).
 */
function readThroughLine(path: string, count: number, bytesAfter: (head: Buffer) => number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    if (size > scratch.length && size <= MAX_SCRATCH) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2))
    const buffer = size <= scratch.length ? scratch.subarray(0, size) : Buffer.allocUnsafe(size)
    let length = 0
    let newlines = 0
    let searchedTo = 0
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, Math.min(READ_CHUNK, buffer.length - length), null)
      if (read === 0) break
      length += read
      for (;;) {
        const at = buffer.indexOf(NEWLINE, searchedTo)
        // Past `length` the buffer holds whatever was in memory before: not the file's.
        if (at < 0 || at >= length) {
          searchedTo = length
          break
        }
        searchedTo = at + 1
        if (++newlines === count) return readOn(fd, buffer, length, Math.min(buffer.length, searchedTo + bytesAfter(buffer.subarray(0, searchedTo))))
      }
    }
    return buffer.subarray(0, length)
  } finally {
    closeSync(fd)
  }
}

/** `buffer` up to `end`, of which the first `length` bytes are read already. */
function readOn(fd: number, buffer: Buffer, length: number, end: number): Buffer {
  while (length < end) {
    const read = readSync(fd, buffer, length, end - length, null)
    if (read === 0) break
    length += read
  }
  return buffer.subarray(0, Math.min(length, end))
}

function headerOf(line: Buffer): Partial<SummaryHeader> | null {
  try {
    const header: unknown = JSON.parse(line.toString('utf8'))
    return typeof header === 'object' && header !== null ? (header as Partial<SummaryHeader>) : null
  } catch {
    return null
  }
}

/**
 * One part of the summary in `raw`, or null when it is damaged or was written for another version
 * of the file. Only the part asked for is decoded: the other is most of the bytes.
 */
function parsePart<P extends SummaryPart>(raw: Buffer, documentId: string, version: FileVersion, part: P, parsed: Partial<SummaryHeader> | null): FigureSummary[P] | null {
  const first = raw.indexOf(NEWLINE)
  const second = first < 0 ? -1 : raw.indexOf(NEWLINE, first + 1)
  if (second < 0) return null
  const header = parsed ?? headerOf(raw.subarray(0, first))
  if (!header || header.format !== SUMMARY_FORMAT || header.schemaVersion !== SUMMARY_SCHEMA_VERSION || header.documentId !== documentId) return null
  if (!header.annotationFile || !sameVersion(header.annotationFile, version) || header.byteOrder !== BYTE_ORDER) return null
  const { blockBytes, figureCount } = header
  if (!Number.isSafeInteger(blockBytes) || blockBytes! < 0 || !Number.isSafeInteger(figureCount) || figureCount! < 0) return null
  const blockEnd = second + 1 + blockBytes!
  // The block ends with a newline: a file cut inside it is short of it.
  if (raw.length <= blockEnd || raw[blockEnd] !== NEWLINE) return null
  const bytes = part === 'figures' ? raw.subarray(first + 1, second + 1) : raw.subarray(blockEnd + 1)
  const block = part === 'figures' ? raw.subarray(second + 1, blockEnd) : undefined
  // The part was written by this module from a validated annotation file: once its checksum
  // holds, it is that data; the figures' shape is checked all the same (cheaply, in columns).
  if (header.checksums?.[part] !== checksumOf(bytes, block)) return null
  if (part === 'figures') return decodeFigures(documentId, figureCount!, bytes, block!) as FigureSummary[P] | null
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'))
    return Array.isArray(parsed) ? (parsed as unknown as FigureSummary[P]) : null
  } catch {
    return null
  }
}
