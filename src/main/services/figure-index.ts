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
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { FigureAnnotation } from '../../shared/compare'
import type { Annotation } from '../../shared/model'
import { isErrorCode, writeFileDurably, type DurableWriteOptions } from './durable-file'
import { SerialQueue } from './json-store-file'

export const FIGURES_DIR = 'figures'
const SUMMARY_FORMAT = 'figure-summary'
// 3: CRC-32 checksums (SHA-256 over 10,000 summaries took half a second of every first opening).
// 4: the figures line in columns, their quotes in a block of UTF-16 after it (see StoredFigures).
const SUMMARY_SCHEMA_VERSION = 4
/**
 * Summaries waiting for their durable write (written one at a time) before a new one waits
 * for them. They hold parsed annotations long enough for V8 to move them to the old generation,
 * garbage only a full collection frees: 32 raised the store bench's peak by ~20 MB over 4, and
 * writing was no faster (the disk writes one at a time anyway).
 */
const MAX_PENDING_WRITES = 4
/** The labels whose figures compare reads (see KIND_BY_LABEL in shared/compare.ts). */
const FIGURE_LABELS = new Set(['target', 'achievement'])

export interface FigureSummary {
  /** Accepted targets and achievements, in the order of the annotation file, as compare reads them. */
  figures: readonly FigureAnnotation[]
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
 * The file is this header line, the figures line, the figures' quotes (quoteBytes of UTF-16, then a
 * newline) and the linked annotations. Compare reads only up to the quotes' end (the linked ones,
 * whole annotations, are most of the bytes when commitments are many).
 */
interface SummaryHeader {
  format: typeof SUMMARY_FORMAT
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION
  documentId: string
  annotationFile: FileVersion
  /** The length of the quotes' block; the figures' checksum covers the figures line and this block. */
  quoteBytes: number
  checksums: Record<SummaryPart, string>
}

/**
 * The figures line: one array per field rather than one object per figure, the labels named once
 * per file. A figure leaves out its document id (the file's own) and its status (accepted). Without
 * a key per field the line is a fifth shorter, and JSON.parse makes five arrays instead of an object
 * per figure that was then given two more fields (each a second allocation the collector kept):
 * decoding the 1.34 M figures of 10,000 documents took a third less time (see README, Benchmarks).
 * The quotes, mostly Chinese, are half the bytes: in UTF-16, V8's own form of such a string, they
 * are copied rather than decoded from UTF-8 (most of the figures' decoding time), and take two
 * bytes a character rather than three. The line holds each quote's length in UTF-16 code units.
 */
type StoredFigures = [
  ids: string[],
  starts: number[],
  quoteLengths: number[],
  labelNames: string[],
  labels: number[],
  /** 0 for a figure without attributes (half of them in a large corpus): they all share NO_ATTRIBUTES. */
  attributes: Array<FigureAnnotation['attributes'] | 0>,
]

/** Read only, never written: compare and its splice compare attributes, they never change them. */
const NO_ATTRIBUTES: FigureAnnotation['attributes'] = Object.freeze({})

function isEmpty(attributes: FigureAnnotation['attributes']): boolean {
  for (const _key in attributes) return false
  return true
}

function storedFigures(figures: readonly FigureAnnotation[]): StoredFigures {
  const labelNames: string[] = []
  const labelCodes = new Map<string, number>()
  const labels = figures.map((figure) => {
    let code = labelCodes.get(figure.label)
    if (code === undefined) {
      code = labelNames.push(figure.label) - 1
      labelCodes.set(figure.label, code)
    }
    return code
  })
  return [figures.map((figure) => figure.id), figures.map((figure) => figure.start), figures.map((figure) => figure.quote.length), labelNames, labels, figures.map((figure) => (isEmpty(figure.attributes) ? 0 : figure.attributes))]
}

/** Every quote, one after another, as UTF-16 code units: lone surrogates included, as JSON kept them. */
function quoteBlock(figures: readonly FigureAnnotation[]): Buffer {
  return Buffer.from(figures.map((figure) => figure.quote).join(''), 'utf16le')
}

/** The figures of a stored line, each made as summarize makes it; null for a line of another shape. */
function figuresOf(stored: unknown, quotes: string, documentId: string): FigureAnnotation[] | null {
  if (!Array.isArray(stored) || stored.length !== 6 || !stored.every(Array.isArray)) return null
  const [ids, starts, quoteLengths, labelNames, labels, attributes] = stored as StoredFigures
  const count = ids.length
  if (starts.length !== count || quoteLengths.length !== count || labels.length !== count || attributes.length !== count) return null
  const figures = new Array<FigureAnnotation>(count)
  let quoteStart = 0
  for (let at = 0; at < count; at++) {
    const label = labelNames[labels[at]]
    if (label === undefined) return null
    const quoteEnd = quoteStart + quoteLengths[at]
    const stored = attributes[at]
    if (typeof stored !== 'object' && stored !== 0) return null
    figures[at] = { id: ids[at], documentId, start: starts[at], quote: quotes.slice(quoteStart, quoteEnd), label, attributes: stored === 0 ? NO_ATTRIBUTES : stored, status: 'accepted' }
    quoteStart = quoteEnd
  }
  return quoteStart === quotes.length ? figures : null
}

export function summarize(annotations: readonly Annotation[]): FigureSummary {
  const figures: FigureAnnotation[] = []
  const linked: Annotation[] = []
  for (const annotation of annotations) {
    if (annotation.status === 'accepted' && FIGURE_LABELS.has(annotation.label)) {
      const { id, documentId, start, quote, label, attributes, status } = annotation
      figures.push({ id, documentId, start, quote, label, attributes, status })
    }
    if (annotation.label === 'commitment' || annotation.links.some((link) => link.type === 'follow-up-of')) linked.push(annotation)
  }
  return { figures, linked }
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
  private readonly known = new Map<string, readonly FigureAnnotation[]>()
  private folderMade = false
  private readonly summaryWrites = new SerialQueue()
  private readonly pendingWrites = new Map<string, { summary: FigureSummary; version: FileVersion }>()

  constructor(
    private readonly workspaceDir: string,
    private readonly annotationsDir: string,
    private readonly readOnly: boolean,
    private readonly writeOptions: Pick<DurableWriteOptions, 'beforeRename'> = {},
    /** The annotation file's name in annotationsDir: a teammate's layer prefixes its source id (source-layer.ts). */
    private readonly annotationFileName: (documentId: string) => string = (documentId) => `${documentId}.json`,
  ) {}

  private summaryPath(documentId: string): string {
    return join(this.workspaceDir, FIGURES_DIR, `${documentId}.summary`)
  }

  private async versionOf(documentId: string): Promise<FileVersion | null> {
    try {
      const info = await stat(join(this.annotationsDir, this.annotationFileName(documentId)), { bigint: true })
      return { size: String(info.size), mtimeNs: String(info.mtimeNs), ino: String(info.ino) }
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return null
      throw error
    }
  }

  private versionNow(documentId: string): FileVersion | null {
    const info = statSync(join(this.annotationsDir, this.annotationFileName(documentId)), { bigint: true, throwIfNoEntry: false })
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
    try {
      // The figures are the second line: the linked annotations after it are half the bytes.
      raw = part === 'figures' ? readThroughLine(this.summaryPath(documentId), 2, quoteBytesIn) : readFileSync(this.summaryPath(documentId))
    } catch {
      return null
    }
    const version = this.versionNow(documentId)
    const found = version && parsePart(raw, documentId, version, part)
    if (!found) return null
    if (part === 'figures') this.known.set(documentId, found as readonly FigureAnnotation[])
    return found
  }

  /** The figures when they are known in this session, without touching the disk. */
  knownFigures(documentId: string): readonly FigureAnnotation[] | undefined {
    return this.known.get(documentId)
  }

  /**
   * The summary of the annotations as the annotation file holds them now; called inside its
   * queue, where the file's version is taken. Summaries are written one at a time in the
   * background: ten thousand rebuilt at the first opening must not hold up the analyst's saves.
   */
  async rebuild(documentId: string, annotations: readonly Annotation[]): Promise<FigureSummary> {
    const summary = summarize(annotations)
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
      const figures = Buffer.from(`${JSON.stringify(storedFigures(summary.figures))}\n`)
      const quotes = quoteBlock(summary.figures)
      const linked = Buffer.from(JSON.stringify(summary.linked))
      const header: SummaryHeader = {
        format: SUMMARY_FORMAT,
        schemaVersion: SUMMARY_SCHEMA_VERSION,
        documentId,
        annotationFile: version,
        quoteBytes: quotes.length,
        checksums: { figures: checksumOf(figures, quotes), linked: checksumOf(linked) },
      }
      if (!this.folderMade) {
        await mkdir(join(this.workspaceDir, FIGURES_DIR), { recursive: true })
        this.folderMade = true
      }
      // JSON.stringify escapes every newline inside a string: each JSON part stays one line.
      const bytes = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), figures, quotes, Buffer.from('\n'), linked])
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

/** The bytes of a summary after its figures line: its quotes and the newline after them (0 when the header is damaged). */
function quoteBytesIn(head: Buffer): number {
  const quoteBytes = headerOf(head.subarray(0, head.indexOf(NEWLINE)))?.quoteBytes
  return Number.isSafeInteger(quoteBytes) && quoteBytes! >= 0 ? quoteBytes! + 1 : 0
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
function parsePart<P extends SummaryPart>(raw: Buffer, documentId: string, version: FileVersion, part: P): FigureSummary[P] | null {
  const first = raw.indexOf(NEWLINE)
  const second = first < 0 ? -1 : raw.indexOf(NEWLINE, first + 1)
  if (second < 0) return null
  const header = headerOf(raw.subarray(0, first))
  if (!header || header.format !== SUMMARY_FORMAT || header.schemaVersion !== SUMMARY_SCHEMA_VERSION || header.documentId !== documentId) return null
  if (!header.annotationFile || !sameVersion(header.annotationFile, version)) return null
  const quoteBytes = header.quoteBytes
  if (!Number.isSafeInteger(quoteBytes) || quoteBytes! < 0 || quoteBytes! % 2 !== 0) return null
  const quotesEnd = second + 1 + quoteBytes!
  // The quotes end with a newline: a file cut inside them is short of it.
  if (raw.length <= quotesEnd || raw[quotesEnd] !== NEWLINE) return null
  const bytes = part === 'figures' ? raw.subarray(first + 1, second + 1) : raw.subarray(quotesEnd + 1)
  const quotes = part === 'figures' ? raw.subarray(second + 1, quotesEnd) : undefined
  // The part was written by this module from a validated annotation file: once its checksum
  // holds, it is that data, so it is not validated field by field again.
  if (header.checksums?.[part] !== checksumOf(bytes, quotes)) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8'))
  } catch {
    return null
  }
  if (part === 'linked') return Array.isArray(parsed) ? (parsed as FigureSummary[P]) : null
  return figuresOf(parsed, quotes!.toString('utf16le'), documentId) as FigureSummary[P] | null
}
