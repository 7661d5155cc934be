// Any source, every view (issue 10): which annotations a view reads — the workspace's own, an
// imported source or the curated set — and adopting a source into the workspace's own. The
// views' engines (compare, commitments, codebook, exports) stay one each; this only says what
// they are fed.
import { randomUUID } from 'node:crypto'
import type { AdoptPreview } from '../../shared/api'
import { planAdoption, resolveAdoption, type AdoptChoices, type AdoptSummary } from '../../shared/adopt'
import type { Annotation } from '../../shared/model'
import { WORKSPACE_SOURCE_ID, type SourceSummary } from '../../shared/review'
import { AppError } from './app-error'
import type { SourceStore } from './sources'
import type { WorkspaceStore } from './workspace-store'

export const isWorkspaceSource = (source: string | undefined): boolean => source === undefined || source === WORKSPACE_SOURCE_ID

/** The source a view or command names, or a message listing the sources there are. */
export async function checkSource(sources: SourceStore, source: string): Promise<SourceSummary> {
  const all = await sources.list()
  const found = all.find((candidate) => candidate.id === source)
  if (found) return found
  throw new AppError('SOURCE_UNKNOWN', { id: source, known: all.map((candidate) => (candidate.id === candidate.name ? candidate.id : `${candidate.id} (${candidate.name})`)).join(', ') })
}

/**
 * checkSource, looking first among the imported, curated and teammates' sources: listing the
 * workspace's own source counts its annotations, which reads every annotation file once.
 */
export async function checkStoredSource(sources: SourceStore, source: string): Promise<SourceSummary> {
  return (await sources.storedSummaries()).find((candidate) => candidate.id === source) ?? checkSource(sources, source)
}

/**
 * A source's annotations, one array per document in the workspace's order (the compare cache
 * keys on the arrays' identity). The workspace's own arrays hold proposals too, as the store
 * keeps them; every engine counts accepted annotations only.
 */
export async function sourceAnnotationArrays(store: WorkspaceStore, sources: SourceStore, source: string): Promise<Array<readonly Annotation[]>> {
  if (isWorkspaceSource(source)) {
    // An unreadable annotation file counts as empty.
    return (await store.annotationsOfEveryDocument()).map((annotations) => annotations ?? EMPTY)
  }
  await checkSource(sources, source)
  return [await sources.annotations(source)]
}

const EMPTY: readonly Annotation[] = []

/** Every annotation of a source, for the annotation table and the command line. */
export async function sourceAnnotations(store: WorkspaceStore, sources: SourceStore, source: string): Promise<Annotation[]> {
  if (isWorkspaceSource(source)) return store.allAnnotations()
  await checkSource(sources, source)
  return [...(await sources.annotations(source))]
}

export async function adoptPreview(store: WorkspaceStore, sources: SourceStore, source: string): Promise<AdoptPreview> {
  if (isWorkspaceSource(source)) throw new AppError('ADOPT_FROM_WORKSPACE')
  const summary = await checkSource(sources, source)
  const own = await store.allAnnotations()
  // Only documents whose text is here can take an annotation (a missing file cannot anchor one).
  const present = new Set(store.documents.filter((doc) => !store.isMissing(doc.id)).map((doc) => doc.id))
  const incoming = (await sources.annotations(source)).filter((annotation) => present.has(annotation.documentId))
  const plan = planAdoption(own, incoming)
  const titles: Record<string, string> = {}
  for (const doc of plan.documents) titles[doc.documentId] = store.document(doc.documentId).title
  return { source: summary, plan, titles, ownIds: own.map((annotation) => annotation.id) }
}

/** The whole adoption, as the command line runs it: one write per document it changes. */
export async function adoptSource(store: WorkspaceStore, sources: SourceStore, source: string, choices: AdoptChoices): Promise<AdoptSummary> {
  // Refused before anything is read or written, with the reason.
  if (store.readOnly) throw new AppError('ADOPT_READ_ONLY', { path: store.dir })
  const preview = await adoptPreview(store, sources, source)
  const result = resolveAdoption(preview.plan, choices, {
    newId: randomUUID,
    now: new Date().toISOString(),
    author: store.settings.annotator,
    ownIds: new Set(preview.ownIds),
  })
  for (const change of result.changes) {
    await store.applyAnnotationBatch(change.documentId, change.create, change.remove.map((annotation) => annotation.id))
  }
  return result.summary
}

/** One batch of puts and removals per document (an adoption from the app, or its undo). */
export async function applyBatch(store: WorkspaceStore, changes: ReadonlyArray<{ documentId: string; put: Annotation[]; remove: string[] }>): Promise<Annotation[]> {
  if (store.readOnly) throw new AppError('WORKSPACE_READ_ONLY', { path: store.dir })
  // Everything a write could refuse is checked before the first one, so a batch is not left half done.
  const labels = new Set(store.labels.map((label) => label.key))
  for (const change of changes) {
    store.document(change.documentId)
    // A missing text file cannot anchor a span: this says which document, before anything is written.
    if (change.put.length > 0) await store.text(change.documentId)
    const unknown = change.put.find((annotation) => !labels.has(annotation.label) || annotation.documentId !== change.documentId)
    if (unknown && !labels.has(unknown.label)) throw new AppError('UNKNOWN_LABEL', { label: unknown.label })
    if (unknown) throw new AppError('INVALID_INPUT', { detail: `annotation ${unknown.id} belongs to ${unknown.documentId}` })
  }
  const saved: Annotation[] = []
  for (const change of changes) saved.push(...(await store.applyAnnotationBatch(change.documentId, change.put, change.remove)))
  return saved
}
