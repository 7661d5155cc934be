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
import { createHash } from 'node:crypto'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FigureAnnotation } from '../../shared/compare'
import type { Annotation } from '../../shared/model'
import { isErrorCode, writeFileDurably, type DurableWriteOptions } from './durable-file'

export const FIGURES_DIR = 'figures'
const SUMMARY_FORMAT = 'figure-summary'
const SUMMARY_SCHEMA_VERSION = 1
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

export const EMPTY_SUMMARY: FigureSummary = { figures: [], linked: [] }

interface FileVersion {
  size: string
  mtimeNs: string
  ino: string
}

interface SummaryHeader {
  format: typeof SUMMARY_FORMAT
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION
  documentId: string
  annotationFile: FileVersion
  checksum: string
}

/** In the file, a figure leaves out its document id (the file's own). */
type StoredFigure = Omit<FigureAnnotation, 'documentId'>

interface SummaryBody {
  figures: StoredFigure[]
  linked: Annotation[]
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

function checksumOf(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex')
}

function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino
}

export class FigureIndex {
  /** Summaries known true in this session: read and checked, or written after a save. */
  private readonly known = new Map<string, FigureSummary>()
  private folderMade = false

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

  /**
   * The summary if it is known or on disk and true to the annotation file as it is now; null when
   * it must be rebuilt (inside the document's write queue, see rebuild).
   */
  async read(documentId: string): Promise<FigureSummary | null> {
    const known = this.known.get(documentId)
    if (known) return known
    let raw: string
    try {
      raw = await readFile(this.summaryPath(documentId), 'utf8')
    } catch {
      return null
    }
    const version = await this.versionOf(documentId)
    const summary = version && parseSummary(raw, documentId, version)
    if (!summary) return null
    this.known.set(documentId, summary)
    return summary
  }

  /** The summary of the annotations as the annotation file holds them now; called inside its queue. */
  async rebuild(documentId: string, annotations: readonly Annotation[]): Promise<FigureSummary> {
    const summary = summarize(annotations)
    this.known.set(documentId, summary)
    await this.write(documentId, summary)
    return summary
  }

  /** After the store saved a document's annotation file, inside its queue. */
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
  private async write(documentId: string, summary: FigureSummary): Promise<void> {
    if (this.readOnly) return
    try {
      const version = await this.versionOf(documentId)
      if (!version) return
      const body: SummaryBody = { figures: summary.figures.map(({ documentId: _omitted, ...figure }) => figure), linked: [...summary.linked] }
      const bodyText = JSON.stringify(body)
      const header: SummaryHeader = { format: SUMMARY_FORMAT, schemaVersion: SUMMARY_SCHEMA_VERSION, documentId, annotationFile: version, checksum: checksumOf(bodyText) }
      if (!this.folderMade) {
        await mkdir(join(this.workspaceDir, FIGURES_DIR), { recursive: true })
        this.folderMade = true
      }
      await writeFileDurably(this.summaryPath(documentId), `${JSON.stringify(header)}\n${bodyText}`, this.writeOptions)
    } catch {
      // See above: the next read finds it missing or stale and rebuilds it.
    }
  }
}

/** The summary in `raw`, or null when it is damaged or was written for another version of the file. */
function parseSummary(raw: string, documentId: string, version: FileVersion): FigureSummary | null {
  const newline = raw.indexOf('\n')
  if (newline < 0) return null
  let header: Partial<SummaryHeader>
  try {
    header = JSON.parse(raw.slice(0, newline)) as Partial<SummaryHeader>
  } catch {
    return null
  }
  if (header.format !== SUMMARY_FORMAT || header.schemaVersion !== SUMMARY_SCHEMA_VERSION || header.documentId !== documentId) return null
  if (!header.annotationFile || !sameVersion(header.annotationFile, version)) return null
  const bodyText = raw.slice(newline + 1)
  // The body was written by this module from a validated annotation file: once its checksum
  // holds, it is that data, so it is not validated field by field again.
  if (header.checksum !== checksumOf(bodyText)) return null
  let body: SummaryBody
  try {
    body = JSON.parse(bodyText) as SummaryBody
  } catch {
    return null
  }
  if (!Array.isArray(body.figures) || !Array.isArray(body.linked)) return null
  const figures: FigureAnnotation[] = new Array(body.figures.length)
  for (let i = 0; i < body.figures.length; i++) figures[i] = { ...body.figures[i], documentId }
  return { figures, linked: body.linked }
}
