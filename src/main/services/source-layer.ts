// A source kept one file per document (a teammate's layer from team sync, DESIGN §12). As one
// file, a layer of 200,000 annotations was parsed, rebuilt and rewritten whole for every pulled
// batch and for every handful of edits; per document, a sync writes only the documents its
// changes touch and a first pull holds no more than one batch. sources/<id>.json keeps the
// source's header (name, decisions; no annotations) and sources/<id>.layer/<id>-<documentId>.json
// one document's annotations (the source id in the name keeps each file's versions in backups/
// apart from the workspace's own annotation files). Each write is durable and keeps its version,
// so a damaged file is restored like any store file (workspace-recovery.ts).
import { mkdir, readFile, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AnnotationSchema, type Annotation } from '../../shared/model'
import { isErrorCode, writeFileDurably } from './durable-file'
import { CorruptFileError, parseJsonFile } from './json-store-file'
import { recoverFile, type RecoveryContext } from './workspace-recovery'

export const LAYER_FOLDER_SUFFIX = '.layer'

const LayerDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  documentId: z.string(),
  annotations: z.array(AnnotationSchema),
})

/** What one document of a layer gains and loses. */
export interface LayerDocumentChange {
  upserts: Annotation[]
  deletions: string[]
}

/** A document's file in the layer: the source id in the name keeps its versions in backups/ apart. */
export const layerFileName = (sourceId: string, documentId: string): string => `${sourceId}-${documentId}.json`

/** Told after each write of a document's file (source-layer-index.ts): none left means the file is gone. */
export interface LayerWriteListener {
  written(documentId: string, annotations: readonly Annotation[]): Promise<void>
}

export class SourceLayer {
  constructor(
    private readonly sourcesDir: string,
    readonly id: string,
    private readonly recovery: RecoveryContext,
    /** The layer's indexes, kept true by every write here. */
    private readonly indexes?: LayerWriteListener,
  ) {}

  get folder(): string {
    return join(this.sourcesDir, `${this.id}${LAYER_FOLDER_SUFFIX}`)
  }

  private pathOf(documentId: string): string {
    return join(this.folder, layerFileName(this.id, documentId))
  }

  /** The documents that have a file in the layer. */
  async documentIds(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.folder)
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return []
      throw error
    }
    const prefix = `${this.id}-`
    return names
      .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
      .map((name) => name.slice(prefix.length, -'.json'.length))
      .sort()
  }

  /** One document's annotations (none when it has no file), validated; a damaged file is restored from its versions. */
  async read(documentId: string): Promise<readonly Annotation[]> {
    const path = this.pathOf(documentId)
    let raw: string
    try {
      raw = await readFile(path, 'utf8')
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return []
      throw error
    }
    try {
      return parseJsonFile(path, raw, LayerDocumentSchema).annotations
    } catch (error) {
      if (!(error instanceof CorruptFileError)) throw error
      const recovered = await recoverFile(this.recovery, path, LayerDocumentSchema)
      if (recovered.restored) return recovered.data.annotations
      // The layer is a copy of what the team database holds: the rest of it stays readable.
      this.recovery.notify('SOURCE_CORRUPT_NO_BACKUP', { file: path.slice(this.recovery.dir.length + 1), keptAs: recovered.keptAs ?? '' })
      return []
    }
  }

  /** Replaces one document's annotations durably; a document left without any loses its file. */
  async write(documentId: string, annotations: readonly Annotation[]): Promise<void> {
    const path = this.pathOf(documentId)
    if (annotations.length === 0) await rm(path, { force: true })
    else {
      await mkdir(this.folder, { recursive: true })
      await writeFileDurably(path, JSON.stringify({ schemaVersion: 1, documentId, annotations }), { backupDir: this.recovery.backupsDir })
    }
    await this.indexes?.written(documentId, annotations)
  }

  async remove(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true })
  }
}

/** One document's annotations after a change: deletions first, then each upsert in place of its earlier version. */
export function changedDocument(before: readonly Annotation[], change: LayerDocumentChange): Annotation[] {
  const byId = new Map(before.map((annotation) => [annotation.id, annotation]))
  for (const id of change.deletions) byId.delete(id)
  for (const annotation of change.upserts) byId.set(annotation.id, annotation)
  return [...byId.values()]
}
