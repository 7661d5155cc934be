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
import type { FigureAnnotation } from '../../shared/compare'
import { FIGURE_LABELS, type FigureColumns } from '../../shared/figure-columns'
import type { Annotation } from '../../shared/model'
import { isErrorCode, writeFileDurably, type DurableWriteOptions } from './durable-file'
import { checksumOf, decodeFigures, encodeFigures, textReader, versionMatches, type EncodedFigures, type TextPlace } from './figure-summary-columns'
import { SerialQueue } from './json-store-file'

export const FIGURES_DIR = 'figures'
const SUMMARY_FORMAT = 'figure-summary'
// 3: CRC-32 checksums (SHA-256 over 10,000 summaries took half a second of every first opening).
// 4: the figures line in columns, their quotes in a block of UTF-16 after it.
// 5: every column of the figures binary (numbers and codes), ids and quotes UTF-16 after them, read
//    only when a figure is shown (see figure-summary-columns.ts).
const SUMMARY_SCHEMA_VERSION = 5
/**
 * Summaries waiting for their durable write (written one at a time) before a new one waits
 * for them. They hold parsed annotations long enough for V8 to move them to the old generation,
 * garbage only a full collection frees: 32 raised the store bench's peak by ~20 MB over 4, and
 * writing was no faster (the disk writes one at a time anyway).
 */
const MAX_PENDING_WRITES = 4
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
 * the linked annotations. Compare reads the names and the block's columns; the block's last
 * textBytes, the figures' ids and quotes, are read when one of them is shown, and the linked
 * annotations (most of the bytes when commitments are many) by the commitments view.
 */
interface SummaryHeader {
  format: typeof SUMMARY_FORMAT
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION
  documentId: string
  annotationFile: FileVersion
  byteOrder: 'LE' | 'BE'
  figureCount: number
  /** The length of the figures' block; the figures' checksum covers the names line and the block but its text. */
  blockBytes: number
  /** The length of the text at the end of the block, which the text's checksum covers. */
  textBytes: number
  checksums: Record<SummaryPart | 'text', string>
}

/** The accepted targets and achievements of a document's annotations, with the fields compare reads. */
function summarizedFigures(annotations: readonly Annotation[]): FigureAnnotation[] {
  const figures: FigureAnnotation[] = []
  for (const annotation of annotations) {
    if (annotation.status === 'accepted' && FIGURE_LABELS.has(annotation.label)) {
      const { id, documentId, start, quote, label, attributes, status } = annotation
      figures.push({ id, documentId, start, quote, label, attributes, status })
    }
  }
  return figures
}

/** The accepted targets and achievements, and the linked annotations, of a document's annotations. */
export function summarize(documentId: string, annotations: readonly Annotation[]): FigureSummary {
  return encodedSummary(documentId, annotations).summary
}

/** summarize, with the figures already in the bytes their summary file holds (the columns are views of them). */
function encodedSummary(documentId: string, annotations: readonly Annotation[]): { summary: FigureSummary; encoded: EncodedFigures } {
  const linked = annotations.filter((annotation) => annotation.label === 'commitment' || annotation.links.some((link) => link.type === 'follow-up-of'))
  // The annotations themselves (encodeFigures reads only the fields a figure has): no object made per figure.
  const figures = annotations.filter((annotation) => annotation.status === 'accepted' && FIGURE_LABELS.has(annotation.label))
  const { encoded, columns } = encodeFigures(documentId, figures)
  return { summary: { figures: columns, linked }, encoded }
}

function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino
}

export class FigureIndex {
  /** Figures known true in this session: read and checked, or written after a save. */
  private readonly known = new Map<string, FigureColumns>()
  private folderMade = false
  private readonly summaryWrites = new SerialQueue()
  private readonly pendingWrites = new Map<string, { summary: FigureSummary; encoded: EncodedFigures; version: FileVersion }>()

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
    // The header, parsed once: to know how much to read, then to check what was read.
    let header: Partial<SummaryHeader> | null = null
    const columnBytesIn = (head: Buffer) => {
      header = headerOf(head.subarray(0, head.indexOf(NEWLINE)))
      const columnBytes = (header?.blockBytes ?? -1) - (header?.textBytes ?? 0)
      return Number.isSafeInteger(columnBytes) && columnBytes >= 0 ? columnBytes : 0
    }
    try {
      // Up to the columns of the figures' block: their text after them, then the linked annotations, are most of the bytes.
      raw = part === 'figures' ? readThroughLine(this.summaryPath(documentId), 2, columnBytesIn) : readFileSync(this.summaryPath(documentId))
    } catch {
      return null
    }
    const version = this.versionNow(documentId)
    const found = version && parsePart(raw, documentId, version, part, header, this.textPlace(documentId))
    if (!found) return null
    if (part === 'figures') this.known.set(documentId, found as FigureColumns)
    return found
  }

  /** Where a document's summary and annotation file are, for reading its figures' text later. */
  private textPlace(documentId: string): Pick<TextPlace, 'path' | 'documentId' | 'annotationPath' | 'headerNow'> {
    return { path: this.summaryPath(documentId), documentId, annotationPath: join(this.annotationsDir, this.annotationFileName(documentId)), headerNow }
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
    const { summary, encoded } = encodedSummary(documentId, annotations)
    // The summary file these figures were read from is about to be replaced: a matrix computed
    // before may still show them, so their ids and quotes are read from it now.
    retainText(this.known.get(documentId))
    this.known.set(documentId, summary.figures)
    await this.schedule(documentId, summary, encoded)
    return summary
  }

  /**
   * Queues the summary's durable write for the annotation file's version as it is now (called
   * inside the file's queue, so the two belong together). Written later, one at a time, the
   * newest of a document only: a save in between leaves a summary stale on disk, never wrong.
   */
  private async schedule(documentId: string, summary: FigureSummary, encoded: EncodedFigures): Promise<void> {
    if (this.readOnly) return
    const version = await this.versionOf(documentId).catch(() => null)
    if (!version) return
    const alreadyQueued = this.pendingWrites.has(documentId)
    this.pendingWrites.set(documentId, { summary, encoded, version })
    if (alreadyQueued) return
    // A rebuild of thousands waits for the writes: summaries waiting to be written are held in memory.
    if (this.pendingWrites.size > MAX_PENDING_WRITES) await this.summaryWrites.idle()
    void this.summaryWrites.run(async () => {
      const latest = this.pendingWrites.get(documentId)
      this.pendingWrites.delete(documentId)
      if (latest) await this.write(documentId, latest.summary, latest.encoded, latest.version)
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
    retainText(this.known.get(documentId))
    this.known.delete(documentId)
  }

  /**
   * A summary that cannot be written is only slower to read next time: the annotation file is
   * saved already, and a summary left from an earlier version no longer matches it.
   */
  private async write(documentId: string, summary: FigureSummary, { names, block, textBytes }: EncodedFigures, version: FileVersion): Promise<void> {
    try {
      const textStart = block.length - textBytes
      const linked = Buffer.from(JSON.stringify(summary.linked))
      const header: SummaryHeader = {
        format: SUMMARY_FORMAT,
        schemaVersion: SUMMARY_SCHEMA_VERSION,
        documentId,
        annotationFile: version,
        byteOrder: BYTE_ORDER,
        figureCount: summary.figures.size,
        blockBytes: block.length,
        textBytes,
        checksums: { figures: checksumOf(names, block.subarray(0, textStart)), text: checksumOf(block.subarray(textStart)), linked: checksumOf(linked) },
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
// A first read that holds a summary's header, names and columns but not its text (most of it).
const READ_CHUNK = 16 * 1024

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
function parsePart<P extends SummaryPart>(
  raw: Buffer,
  documentId: string,
  version: FileVersion,
  part: P,
  parsed: Partial<SummaryHeader> | null,
  place: Pick<TextPlace, 'path' | 'documentId' | 'annotationPath' | 'headerNow'>,
): FigureSummary[P] | null {
  const first = raw.indexOf(NEWLINE)
  const second = first < 0 ? -1 : raw.indexOf(NEWLINE, first + 1)
  if (second < 0) return null
  const header = parsed ?? headerOf(raw.subarray(0, first))
  if (!header || header.format !== SUMMARY_FORMAT || header.schemaVersion !== SUMMARY_SCHEMA_VERSION || header.documentId !== documentId) return null
  if (!header.annotationFile || !sameVersion(header.annotationFile, version) || header.byteOrder !== BYTE_ORDER) return null
  const { blockBytes, textBytes, figureCount } = header
  if (![blockBytes, textBytes, figureCount].every((n) => Number.isSafeInteger(n) && n! >= 0) || textBytes! > blockBytes!) return null
  if (part === 'figures') {
    const columnsEnd = second + 1 + blockBytes! - textBytes!
    // Cut inside the columns: short of them (a cut inside the text is found when it is read).
    if (raw.length < columnsEnd) return null
    const names = raw.subarray(first + 1, second + 1)
    const columns = raw.subarray(second + 1, columnsEnd)
    // The part was written by this module from a validated annotation file: once its checksum
    // holds, it is that data; the figures' shape is checked all the same (cheaply, in columns).
    if (header.checksums?.figures !== checksumOf(names, columns)) return null
    const annotationFile = header.annotationFile
    const text = (idEnds: Int32Array, quoteEnds: Int32Array) =>
      textReader(
        { ...place, position: columnsEnd, bytes: textBytes!, checksum: header.checksums?.text ?? '', sameVersion: (path) => versionMatches(path, annotationFile), idEnds, quoteEnds },
        summarizedFigures,
      )
    return decodeFigures(documentId, figureCount!, names, columns, textBytes!, text) as FigureSummary[P] | null
  }
  const blockEnd = second + 1 + blockBytes!
  // The block ends with a newline: a file cut inside it is short of it.
  if (raw.length <= blockEnd || raw[blockEnd] !== NEWLINE) return null
  const bytes = raw.subarray(blockEnd + 1)
  if (header.checksums?.linked !== checksumOf(bytes)) return null
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'))
    return Array.isArray(parsed) ? (parsed as unknown as FigureSummary[P]) : null
  } catch {
    return null
  }
}

/** A summary's header as the file holds it now (for reading its text later); null when unreadable. */
function headerNow(path: string): Partial<SummaryHeader> | null {
  const head = readThroughLine(path, 1, () => 0)
  const end = head.indexOf(NEWLINE)
  return end < 0 ? null : headerOf(head.subarray(0, end))
}

/** Reads figures' text before the summary it is in is replaced; figures whose text cannot be read any more have nothing to keep. */
function retainText(figures: FigureColumns | undefined): void {
  try {
    figures?.retainText()
  } catch {
    // Their text is gone from disk already (see textReader): a matrix still showing them says so when it does.
  }
}
