// The workspace's side of a sync record: what the local record behind an outbox key looks like
// now, as the CouchDB document it should be (or null: it is gone, or no longer travels).
import { decodeLocalKey } from '../../../shared/sync/changes'
import {
  annotationDocId,
  annotationRecord,
  canonicalJson,
  curatedDocId,
  curatedRecord,
  decisionDocId,
  decisionRecord,
  documentDocId,
  documentRecord,
  indicatorDocId,
  indicatorRecord,
  labelDocId,
  labelRecord,
  type SyncRecord,
} from '../../../shared/sync/records'
import { AppError } from '../app-error'
import { deletedDocumentRecord } from '../document-trash'
import { CURATED_SOURCE_ID, WORKSPACE_SOURCE_ID, type ReviewDecision } from '../../../shared/review'
import { localSource, localUnitKey, portableSource, portableUnitKey } from '../../../shared/sync/unit-keys'
import type { SourceStore } from '../sources'
import { teamSourceId } from './team-sources'
import type { WorkspaceStore } from '../workspace-store'

/** A record to make the mirror match: `record` null means delete it there (a tombstone). */
export interface Wanted {
  id: string
  record: SyncRecord | null
  /** The outbox key it came from, if any. */
  localKey?: string
}

/**
 * Outbox keys in the order their records go to the mirror: labels and indicators first, then each
 * document followed by its annotations. The server's change feed keeps this order, so a
 * teammate's machine meets a document before the annotations on it, and a stretch of the feed
 * holds a few documents' texts, not all of them (a thousand texts in one batch of a first pull
 * was most of its memory).
 */
const kindRank = (key: string) => (key.startsWith('l:') ? 0 : key.startsWith('i:') ? 1 : key.startsWith('d:') || key.startsWith('a:') ? 2 : 3)
/** The document a `d:` or `a:` key belongs to (ids have 16 characters; see DocumentIdSchema). */
const documentOf = (key: string) => key.slice(2, 18)
export const byLocalKind = (a: string, b: string): number => {
  const rank = kindRank(a) - kindRank(b)
  if (rank !== 0 || kindRank(a) !== 2) return rank
  const a1 = documentOf(a)
  const b1 = documentOf(b)
  if (a1 !== b1) return a1 < b1 ? -1 : 1
  return (a.startsWith('d:') ? 0 : 1) - (b.startsWith('d:') ? 0 : 1)
}

/** The record behind one outbox key, as it is in the workspace now. */
export async function wantedFor(store: WorkspaceStore, user: string, encoded: string): Promise<Wanted | null> {
  const key = decodeLocalKey(encoded)
  if (!key) return null
  switch (key.kind) {
    case 'annotation': {
      let annotations
      try {
        annotations = await store.annotations(key.documentId)
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        // The document was deleted here: its annotations leave the team with it.
        return store.documents.some((doc) => doc.id === key.documentId) ? null : { id: annotationDocId(user, key.id), record: null, localKey: encoded }
      }
      const annotation = annotations.find((candidate) => candidate.id === key.id)
      return { id: annotationDocId(user, key.id), record: annotation ? annotationRecord(user, annotation) : null, localKey: encoded }
    }
    case 'document': {
      const document = store.documents.find((doc) => doc.id === key.documentId)
      if (!document) {
        // Deleted here: a tombstone under the id its record had, known from the trash (emptied: nothing to send).
        const deleted = await deletedDocumentRecord(store, key.documentId)
        return deleted ? { id: documentDocId(deleted.sha256), record: null, localKey: encoded } : null
      }
      // A missing text file cannot be sent.
      if (store.isMissing(document.id)) return null
      try {
        return { id: documentRecord(document, '').id, record: documentRecord(document, await store.text(document.id)), localKey: encoded }
      } catch (error) {
        if (error instanceof AppError) return null
        throw error
      }
    }
    case 'label': {
      const label = store.labels.find((candidate) => candidate.key === key.key)
      return { id: labelDocId(key.key), record: label ? labelRecord(label) : null, localKey: encoded }
    }
    case 'indicator': {
      const indicator = store.indicators.find((candidate) => candidate.key === key.key)
      return { id: indicatorDocId(key.key), record: indicator ? indicatorRecord(indicator) : null, localKey: encoded }
    }
  }
}

/** Every local record that travels: what a workspace joining a team sends (no deletions: it cannot know of any). */
export async function everyLocalKey(store: WorkspaceStore): Promise<string[]> {
  const keys = [
    ...store.documents.map((doc) => `d:${doc.id}`),
    ...store.labels.map((label) => `l:${label.key}`),
    ...store.indicators.map((indicator) => `i:${indicator.key}`),
  ]
  for (const annotation of await store.allAnnotations()) {
    if (annotation.status === 'accepted') keys.push(`a:${annotation.documentId}:${annotation.id}`)
  }
  return keys
}

/** How this machine names decisions' sources for the team, and back (see shared/sync/unit-keys.ts). */
export interface DecisionNames {
  toPortable(decision: ReviewDecision): ReviewDecision
  toLocal(decision: ReviewDecision): ReviewDecision
  /** The teammates whose layers a portable decision names (not the user). */
  teammatesIn(decision: ReviewDecision): string[]
}

const TEAM_SOURCE = /^team-[0-9a-f]{16}$/

/** The names behind the team sources the given decisions mention (read from their source files). */
export async function decisionNames(sources: SourceStore, user: string, decisions: readonly ReviewDecision[]): Promise<DecisionNames> {
  const names = new Map<string, string>([[WORKSPACE_SOURCE_ID, user]])
  const mentioned = new Set(decisions.flatMap((decision) => [decision.unitKey, decision.sourceId ?? ''].join(',').match(/team-[0-9a-f]{16}/g) ?? []))
  for (const id of mentioned) {
    try {
      const file = await sources.get(id)
      if (file.format === 'team-sync' && teamSourceId(file.name) === id) names.set(id, file.name)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
    }
  }
  const nameOf = (sourceId: string) => (sourceId === WORKSPACE_SOURCE_ID || TEAM_SOURCE.test(sourceId) ? (names.get(sourceId) ?? null) : null)
  // Imported files by the sha256 of their bytes; of two imports of the same file, the older one.
  const contents = new Map<string, string>()
  const byContent = new Map<string, string>()
  const imported = (await sources.storedSummaries()).filter((entry) => entry.kind === 'imported' && entry.contentSha256 !== undefined)
  for (const entry of imported.sort((a, b) => a.importedAt.localeCompare(b.importedAt))) {
    contents.set(entry.id, entry.contentSha256!)
    if (!byContent.has(entry.contentSha256!)) byContent.set(entry.contentSha256!, entry.id)
  }
  const contentOf = (sourceId: string) => contents.get(sourceId) ?? null
  const sourceOfContent = (sha256: string) => byContent.get(sha256) ?? null
  const sourceOf = (name: string) => {
    if (name === user) return WORKSPACE_SOURCE_ID
    // Remembered, so a decision localized now names its sources portably again when it is sent back.
    names.set(teamSourceId(name), name)
    return teamSourceId(name)
  }
  return {
    teammatesIn: (decision) => {
      const found = new Set<string>()
      const remember = (name: string) => {
        if (name !== user) found.add(name)
        return sourceOf(name)
      }
      localUnitKey(decision.unitKey, remember)
      if (decision.sourceId !== undefined) localSource(decision.sourceId, remember)
      return [...found]
    },
    toPortable: (decision) => ({
      ...decision,
      unitKey: portableUnitKey(decision.unitKey, nameOf, contentOf),
      ...(decision.sourceId !== undefined ? { sourceId: portableSource(decision.sourceId, nameOf, contentOf) } : {}),
    }),
    toLocal: (decision) => ({
      ...decision,
      unitKey: localUnitKey(decision.unitKey, sourceOf, sourceOfContent),
      ...(decision.sourceId !== undefined ? { sourceId: localSource(decision.sourceId, sourceOf, sourceOfContent) } : {}),
    }),
  }
}

/**
 * The curated set and its decisions as records, by CouchDB id. Decisions name team members'
 * layers portably (`@<name>`), so their ids and unit keys agree on every machine.
 */
export async function curatedRecords(sources: SourceStore, user: string): Promise<Map<string, SyncRecord>> {
  const found = new Map<string, SyncRecord>()
  let file
  try {
    file = await sources.get(CURATED_SOURCE_ID)
  } catch (error) {
    if (error instanceof AppError && error.code === 'SOURCE_NOT_FOUND') return found
    throw error
  }
  const names = await decisionNames(sources, user, file.decisions)
  for (const annotation of file.annotations) found.set(curatedDocId(annotation.id), curatedRecord(annotation))
  for (const decision of file.decisions.map(names.toPortable)) found.set(decisionDocId(decision.documentId, decision.unitKey), decisionRecord(decision))
  return found
}

/**
 * The curated set's changes since the last sync: it lives in a source file the store does not
 * write, so its changes are found against the state it had when it last synced (curated-base.json).
 */
export function curatedChanges(now: ReadonlyMap<string, SyncRecord>, base: Readonly<Record<string, string>>): Wanted[] {
  const changed: Wanted[] = []
  for (const [id, record] of now) if (base[id] !== canonicalJson(record.body)) changed.push({ id, record })
  for (const id of Object.keys(base)) if (!now.has(id)) changed.push({ id, record: null })
  return changed
}
