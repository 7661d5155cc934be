// The Annotations table's row index (issue 13): tables/<id>.rows beside each annotation file holds
// the accepted annotations' table columns, and main keeps them in memory as columns (row-block.ts)
// while the table is in use, so the table is filtered, sorted and paged without reading the
// annotation files.
//
// Like the figure summaries, a row file is derived data, never trusted over its annotation file:
// its header names the annotation file's version (size, modification time in nanoseconds, inode;
// every durable save renames a new file into place, so every save changes it) and a checksum of
// its body. One that is missing, damaged or written for another version is rebuilt from the
// annotation file inside that file's write queue. A crash between a save and its row file leaves
// a row file for the older version, which the next reading refuses: it never shows wrong rows.
// The same index, over an AnnotationFolder, follows a teammate's layer (source-layer-index.ts).
import { crc32 } from 'node:zlib'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Annotation } from '../../../shared/model'
import { isErrorCode, writeFileDurably } from '../durable-file'
import { SerialQueue } from '../json-store-file'
import { ANNOTATIONS_DIR, type WorkspaceStore } from '../workspace-store'
import { StringTable, rowBlockOf, storedBlockOf, type RowBlock, type StoredBlock } from './row-block'

export const ROWS_DIR = 'tables'
const ROWS_FORMAT = 'annotation-rows'
const ROWS_SCHEMA_VERSION = 2
const READERS = 8
/**
 * Documents whose rows are rebuilt from their annotation files at once (the others wait for a
 * lane). Two keep the disk and the parser busy; eight held eight parsed annotation files (and
 * their text, too large for the young generation) in flight: building the rows of 10,000
 * documents peaked at 1.0 GB instead of 0.88–0.91 GB, and was no faster.
 */
const REBUILD_LANES = 2
/**
 * Row files waiting for their durable write (written one at a time) before a new one waits
 * for them. They hold parsed annotations long enough for V8 to move them to the old generation,
 * garbage only a full collection frees: 32 raised the store bench's peak by ~20 MB over 4, and
 * writing was no faster (the disk writes one at a time anyway).
 */
const MAX_PENDING_WRITES = 4

interface FileVersion {
  size: string
  mtimeNs: string
  ino: string
}

interface RowsHeader {
  format: typeof ROWS_FORMAT
  schemaVersion: typeof ROWS_SCHEMA_VERSION
  documentId: string
  annotationFile: FileVersion
  checksum: string
}

/**
 * CRC-32 of the body: it finds damage (a crash, a disk, a sync tool), which is what it is for; a
 * row file is derived data, and whoever can write it can write its annotation file as well.
 * SHA-256 cost a second of every ten thousand files read.
 */
function checksumOf(text: string): string {
  return crc32(text).toString(16)
}

export interface BuildProgress {
  done: number
  total: number
}

/**
 * The annotation files a row index follows, one per document: the workspace's own, or those of a
 * source kept one file per document (a teammate's layer, source-layer-index.ts). Row files go to
 * `<indexDir>/tables/<documentId>.rows` and name the version of `annotationPath(documentId)`.
 */
export interface AnnotationFolder {
  readonly indexDir: string
  readonly readOnly: boolean
  annotationPath(documentId: string): string
  /** The documents whose rows are listed, in the order they are listed. */
  documentIds(): readonly string[]
  /** The same documents in the order the first reading takes them. */
  readingOrder(): readonly string[]
  has(documentId: string): boolean
  /** The document's annotations as its file holds them now, read inside its write queue (no save slips in between). */
  withAnnotationFile<T>(documentId: string, use: (annotations: readonly Annotation[]) => Promise<T>): Promise<T>
  /** Tells `listener`, inside the document's write queue, after each save of its file (null: the document is gone). */
  follow(listener: (documentId: string, annotations: readonly Annotation[] | null) => Promise<void>): void
}

/** The workspace's own annotation files, read in the table's default order (documents by year). */
export function workspaceFolder(store: WorkspaceStore): AnnotationFolder {
  return {
    indexDir: store.dir,
    get readOnly() {
      return store.readOnly
    },
    annotationPath: (documentId) => join(store.dir, ANNOTATIONS_DIR, `${documentId}.json`),
    documentIds: () => store.documents.map((doc) => doc.id),
    readingOrder: () => documentsByYear(store.documents),
    has: (documentId) => store.documents.some((doc) => doc.id === documentId),
    withAnnotationFile: (documentId, use) => store.withAnnotationFile(documentId, use),
    follow: (listener) => {
      store.annotationFileListeners.push(listener)
    },
  }
}

export class RowIndex {
  readonly strings = new StringTable()
  private readonly blocks = new Map<string, RowBlock>()
  /** Changes whenever a block does: the table's cached orders are only good for one generation. */
  generation = 0
  /** Saves are followed only once the table has been used; until then a row file left stale is rebuilt when read. */
  private active = false
  private building: Promise<void> | null = null
  private progress: BuildProgress = { done: 0, total: 0 }
  /** Per document, bumped by every save: a block read before a save must not replace the one the save made. */
  private readonly saves = new Map<string, number>()
  private readonly writes = new SerialQueue()
  private readonly pendingWrites = new Map<string, { stored: StoredBlock; version: FileVersion }>()
  private folderMade = false
  private readonly rebuildLanes = Array.from({ length: REBUILD_LANES }, () => new SerialQueue())
  private nextLane = 0

  constructor(private readonly folder: AnnotationFolder) {
    folder.follow((documentId, annotations) => this.fileChanged(documentId, annotations))
  }

  private rowsPath(documentId: string): string {
    return join(this.folder.indexDir, ROWS_DIR, `${documentId}.rows`)
  }

  private async versionOf(documentId: string): Promise<FileVersion | null> {
    try {
      const info = await stat(this.folder.annotationPath(documentId), { bigint: true })
      return { size: String(info.size), mtimeNs: String(info.mtimeNs), ino: String(info.ino) }
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return null
      throw error
    }
  }

  /** Inside the document's write queue, after its save (or its removal: null). */
  private async fileChanged(documentId: string, annotations: readonly Annotation[] | null): Promise<void> {
    this.saves.set(documentId, (this.saves.get(documentId) ?? 0) + 1)
    if (annotations === null) {
      this.blocks.delete(documentId)
      this.generation++
      return
    }
    if (!this.active) return
    try {
      const stored = storedBlockOf(annotations)
      this.blocks.set(documentId, rowBlockOf(documentId, stored, this.strings))
      await this.schedule(documentId, stored)
    } catch {
      // The save is durable already and must not fail for its derived rows: they are read again.
      this.blocks.delete(documentId)
    }
    this.generation++
  }

  /** Where the first reading is: null once every document's rows are in memory. */
  buildProgress(): BuildProgress | null {
    return this.building ? { ...this.progress } : null
  }

  /** Reads every document's rows not in memory yet (from its row file, or rebuilt); shared by concurrent callers. */
  ensure(): Promise<void> {
    this.active = true
    // The workspace's read in the table's default order (documents by year), so its first page can be shown from the first documents read.
    const missing = this.folder.readingOrder().filter((id) => !this.blocks.has(id))
    if (missing.length === 0) return this.building ?? Promise.resolve()
    this.building ??= this.readAll(missing).finally(() => {
      this.building = null
    })
    return this.building
  }

  private async readAll(ids: readonly string[]): Promise<void> {
    this.progress = { done: 0, total: ids.length }
    let next = 0
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]
        const savesBefore = this.saves.get(id) ?? 0
        const stored = await this.readBlock(id).catch(() => null)
        // A save (or a removal) while this was read made its own block: that one is newer.
        if (stored && (this.saves.get(id) ?? 0) === savesBefore && this.folder.has(id)) {
          this.blocks.set(id, rowBlockOf(id, stored, this.strings))
          this.generation++
        }
        this.progress.done++
      }
    }
    await Promise.all(Array.from({ length: Math.min(READERS, ids.length) }, worker))
  }

  /** The document's rows from its row file when that is true to the annotation file now, else rebuilt. */
  private async readBlock(documentId: string): Promise<StoredBlock> {
    const version = await this.versionOf(documentId)
    if (version) {
      const raw = await readFile(this.rowsPath(documentId), 'utf8').catch(() => null)
      const found = raw === null ? null : parseRows(raw, documentId, version)
      if (found) return found
    }
    const lane = this.rebuildLanes[this.nextLane++ % REBUILD_LANES]
    return lane.run(() =>
      this.folder.withAnnotationFile(documentId, async (annotations) => {
        const stored = storedBlockOf(annotations)
        await this.schedule(documentId, stored)
        return stored
      }),
    )
  }

  /** The blocks of `ids` up to the first not read yet. */
  prefixBlocks(ids: readonly string[]): RowBlock[] {
    const blocks: RowBlock[] = []
    for (const id of ids) {
      const block = this.blocks.get(id)
      if (!block) break
      blocks.push(block)
    }
    return blocks
  }

  /**
   * One document's rows, read from its row file (or rebuilt) if not in memory yet, and kept; null
   * when they cannot be read. The link search reads documents in order until it has found enough,
   * so a search that finds them early reads few.
   */
  async blockOf(documentId: string): Promise<RowBlock | null> {
    // From the first block kept, saves must be followed, or it would go stale.
    this.active = true
    const known = this.blocks.get(documentId)
    if (known) return known
    const savesBefore = this.saves.get(documentId) ?? 0
    const stored = await this.readBlock(documentId).catch(() => null)
    // A save or a removal while this was read made its own block (or none): that one is newer.
    if (!stored || (this.saves.get(documentId) ?? 0) !== savesBefore) return this.blocks.get(documentId) ?? null
    const block = rowBlockOf(documentId, stored, this.strings)
    this.blocks.set(documentId, block)
    this.generation++
    return block
  }

  /** The blocks of the folder's documents in its order (a document whose rows could not be read has none). */
  blocksInOrder(): RowBlock[] {
    const blocks: RowBlock[] = []
    for (const documentId of this.folder.documentIds()) {
      const block = this.blocks.get(documentId)
      if (block) blocks.push(block)
    }
    return blocks
  }

  /** Called inside the file's queue, so the version taken is the one the rows describe. Written later, one at a time. */
  private async schedule(documentId: string, stored: StoredBlock): Promise<void> {
    if (this.folder.readOnly) return
    const version = await this.versionOf(documentId).catch(() => null)
    if (!version) return
    const alreadyQueued = this.pendingWrites.has(documentId)
    this.pendingWrites.set(documentId, { stored, version })
    if (alreadyQueued) return
    if (this.pendingWrites.size > MAX_PENDING_WRITES) await this.writes.idle()
    void this.writes.run(async () => {
      const latest = this.pendingWrites.get(documentId)
      this.pendingWrites.delete(documentId)
      if (latest) await this.write(documentId, latest.stored, latest.version)
    })
  }

  idle(): Promise<void> {
    return this.writes.idle()
  }

  /** A row file that cannot be written is only slower next time: it is rebuilt from the annotation file. */
  private async write(documentId: string, stored: StoredBlock, version: FileVersion): Promise<void> {
    try {
      const body = JSON.stringify(stored)
      const header: RowsHeader = { format: ROWS_FORMAT, schemaVersion: ROWS_SCHEMA_VERSION, documentId, annotationFile: version, checksum: checksumOf(body) }
      if (!this.folderMade) {
        await mkdir(join(this.folder.indexDir, ROWS_DIR), { recursive: true })
        this.folderMade = true
      }
      await writeFileDurably(this.rowsPath(documentId), `${JSON.stringify(header)}\n${body}`)
    } catch {
      // See above.
    }
  }
}

const rowIndexes = new WeakMap<WorkspaceStore, RowIndex>()

/**
 * The workspace's one row index, whoever reads it (the Annotations table, agreement): each more
 * would follow every save again and hold every document's rows a second time.
 */
export function workspaceRowIndex(store: WorkspaceStore): RowIndex {
  let index = rowIndexes.get(store)
  if (!index) {
    index = new RowIndex(workspaceFolder(store))
    rowIndexes.set(store, index)
  }
  return index
}

/** Resolves once the row files of the workspace's index queued so far are written (at once when it has none). */
export async function workspaceRowsWritten(store: WorkspaceStore): Promise<void> {
  await rowIndexes.get(store)?.idle()
}

/** Document ids by year (none last), ties in the workspace's order: the table's default order. */
export function documentsByYear(documents: ReadonlyArray<{ id: string; meta: { year: number | null } }>): string[] {
  return documents
    .map((doc, at) => ({ id: doc.id, year: doc.meta.year ?? Number.POSITIVE_INFINITY, at }))
    .sort((a, b) => a.year - b.year || a.at - b.at)
    .map((doc) => doc.id)
}

/** The rows in `raw`, or null when the file is damaged or was written for another version of the annotation file. */
export function parseRows(raw: string, documentId: string, version: FileVersion): StoredBlock | null {
  const newline = raw.indexOf('\n')
  if (newline < 0) return null
  let header: Partial<RowsHeader>
  try {
    header = JSON.parse(raw.slice(0, newline)) as Partial<RowsHeader>
  } catch {
    return null
  }
  if (header.format !== ROWS_FORMAT || header.schemaVersion !== ROWS_SCHEMA_VERSION || header.documentId !== documentId) return null
  const known = header.annotationFile
  if (!known || known.size !== version.size || known.mtimeNs !== version.mtimeNs || known.ino !== version.ino) return null
  const body = raw.slice(newline + 1)
  // Written by this module from a validated annotation file: once the checksum holds, it is that data.
  if (header.checksum !== checksumOf(body)) return null
  try {
    const stored = JSON.parse(body) as StoredBlock
    return Array.isArray(stored.idEnds) && Array.isArray(stored.strings) ? stored : null
  } catch {
    return null
  }
}
