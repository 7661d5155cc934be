// Pulled changes into the workspace: each winning revision, checked against the workspace
// schema, becomes a document, label, indicator, an annotation of the user's own (from her other
// machine), a teammate's layer (a source), or part of the curated set. A document that fails is
// listed and the rest goes on. A record with a local change not yet sent is left alone: the next
// push sends the local change and the server keeps both versions as a conflict.
import { createHash, randomUUID } from 'node:crypto'
import type { Annotation, Indicator } from '../../../shared/model'
import { formatError } from '../../../shared/messages'
import type { ReviewDecision } from '../../../shared/review'
import { annotationRecord, canonicalJson, decisionDocId, parseIncoming, type SyncBody } from '../../../shared/sync/records'
import type { SyncProblem } from '../../../shared/sync/status'
import { AppError } from '../app-error'
import { deleteDocument } from '../document-trash'
import type { SourceStore } from '../sources'
import type { WorkspaceStore } from '../workspace-store'
import { applyTeammateLayer, teamSourceId, type LayerChange } from './team-sources'
import type { DecisionNames } from './local-records'

export interface ApplyContext {
  store: WorkspaceStore
  sources: SourceStore
  user: string
  database: string
  /** True when the local record behind this outbox key has a change not yet sent. */
  isDirty: (localKey: string) => boolean
  /** The curated set as last synced (id → canonical JSON); updated with what is applied. */
  curatedBase: Record<string, string>
  /** The curated set as it is now (id → canonical JSON), to leave local changes alone. */
  curatedNow: ReadonlyMap<string, string>
  /** Decisions name team members' layers portably on the server, by local source ids here. */
  decisionNames: DecisionNames
}

export interface ApplyOutcome {
  refused: SyncProblem[]
  /** Refused for want of something that may still arrive (its document, its label): tried again next time. */
  retry: string[]
  applied: number
}

type Body<T extends SyncBody['type']> = Extract<SyncBody, { type: T }>

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

export async function applyDocs(context: ApplyContext, docs: ReadonlyArray<Record<string, unknown>>): Promise<ApplyOutcome> {
  const { store } = context
  const outcome: ApplyOutcome = { refused: [], retry: [], applied: 0 }
  const explain = (error: unknown) => (error instanceof AppError ? formatError(error.code, error.params, store.settings.locale) : (error as Error).message)
  const refuse = (id: string, reason: string, retry = false) => {
    outcome.refused.push({ id, reason })
    if (retry) outcome.retry.push(id)
  }

  const documents: Array<{ id: string; body: Body<'document'> }> = []
  const deletedDocuments: Array<{ id: string; sha256: string }> = []
  const labels: Array<{ id: string; key: string; body: Body<'label'> | null }> = []
  const indicators: Array<{ id: string; key: string; body: Body<'indicator'> | null }> = []
  const own: Array<{ id: string; key: string; body: Body<'annotation'> | null }> = []
  const teammates = new Map<string, Array<{ id: string; key: string; body: Body<'annotation'> | null }>>()
  const curated: Array<{ id: string; body: Body<'curated'> | Body<'decision'> | null }> = []

  for (const doc of docs) {
    const incoming = parseIncoming(doc)
    if (incoming.ok === 'ignored') continue
    if (incoming.ok === false) {
      refuse(incoming.id, incoming.reason)
      continue
    }
    const body = incoming.deleted ? null : incoming.body
    const { id, parsed } = incoming
    switch (incoming.kind) {
      case 'document':
        if (body?.type === 'document') documents.push({ id, body })
        else if (!body) deletedDocuments.push({ id, sha256: parsed.key })
        break
      case 'label':
        labels.push({ id, key: parsed.key, body: body as Body<'label'> | null })
        break
      case 'indicator':
        indicators.push({ id, key: parsed.key, body: body as Body<'indicator'> | null })
        break
      case 'annotation': {
        const entry = { id, key: parsed.key, body: body as Body<'annotation'> | null }
        if (parsed.annotator === context.user) own.push(entry)
        else {
          const layer = teammates.get(parsed.annotator!) ?? []
          layer.push(entry)
          teammates.set(parsed.annotator!, layer)
        }
        break
      }
      case 'curated':
      case 'decision':
        curated.push({ id, body: body as Body<'curated'> | Body<'decision'> | null })
        break
    }
  }

  // Documents first: annotations need their text.
  const fresh = documents.filter(({ id, body }) => {
    if (sha256(body.text) !== body.document.sha256) {
      refuse(id, 'the text does not match its sha256')
      return false
    }
    return !store.documents.some((known) => known.sha256 === body.document.sha256)
  })
  // A document already here takes the title and metadata corrected elsewhere (its text cannot differ: same sha256).
  for (const { id, body } of documents) {
    const known = store.documents.find((doc) => doc.sha256 === body.document.sha256)
    if (!known || context.isDirty(`d:${known.id}`)) continue
    if (known.title === body.document.title && canonicalJson(known.meta) === canonicalJson(body.document.meta)) continue
    try {
      await store.updateDocumentRecord(known.id, { title: body.document.title, meta: body.document.meta })
      outcome.applied++
    } catch (error) {
      refuse(id, explain(error))
    }
  }
  if (fresh.length > 0) {
    try {
      await store.addDocuments(
        fresh.map(({ body }) => ({
          fileName: body.document.source.fileName,
          text: body.text,
          format: body.document.source.format,
          encoding: body.document.source.encoding,
          cleanupApplied: body.document.cleanupApplied,
          title: body.document.title,
          meta: body.document.meta,
        })),
      )
      outcome.applied += fresh.length
    } catch (error) {
      for (const { id } of fresh) refuse(id, explain(error), true)
    }
  }

  // A document deleted elsewhere goes to the trash here, with its annotations (restorable; a restore sends it back).
  // One with a change of its record not sent yet stays: the push sends it, and the team keeps the living version.
  for (const { id, sha256 } of deletedDocuments) {
    const known = store.documents.find((doc) => doc.sha256 === sha256)
    if (!known || context.isDirty(`d:${known.id}`)) continue
    try {
      await deleteDocument(store, known.id)
      // Said once, like the store's own notices: a document does not vanish from the library unexplained.
      store.notices.push({ id: randomUUID(), code: 'DOCUMENT_DELETED_BY_TEAM', params: { title: known.title } })
      outcome.applied++
    } catch (error) {
      refuse(id, explain(error))
    }
  }

  for (const { id, key, body } of labels) {
    if (context.isDirty(`l:${key}`)) continue
    const local = store.labels.find((label) => label.key === key)
    try {
      if (!body) {
        if (local) await store.deleteLabel(key)
      } else if (!local || canonicalJson(local) !== canonicalJson(body.label)) {
        await store.saveLabel(body.label)
      } else continue
      outcome.applied++
    } catch (error) {
      refuse(id, explain(error))
    }
  }

  const indicatorChanges = indicators.filter(({ key }) => !context.isDirty(`i:${key}`))
  if (indicatorChanges.length > 0) {
    await store.replaceIndicators((current) => {
      const byKey = new Map<string, Indicator>(current.map((indicator) => [indicator.key, indicator]))
      for (const { key, body } of indicatorChanges) {
        if (body) byKey.set(key, body.indicator)
        else byKey.delete(key)
      }
      return [...byKey.values()]
    })
    outcome.applied += indicatorChanges.length
  }

  // Documents and labels are settled by now: looked up once, not once per annotation.
  const documentIds = new Set(store.documents.map((doc) => doc.id))
  const labelKeys = new Set(store.labels.map((label) => label.key))
  /** Where an annotation may go: its document is here and its span still quotes the same text. */
  const placeable = async (id: string, annotation: Annotation): Promise<boolean> => {
    if (!documentIds.has(annotation.documentId)) {
      refuse(id, `document ${annotation.documentId} is not in this workspace (yet)`, true)
      return false
    }
    if (!labelKeys.has(annotation.label)) {
      refuse(id, explain(new AppError('UNKNOWN_LABEL', { label: annotation.label })), true)
      return false
    }
    const text = await store.text(annotation.documentId).catch(() => null)
    if (text === null || annotation.end > text.length || annotation.end <= annotation.start || text.slice(annotation.start, annotation.end) !== annotation.quote) {
      refuse(id, 'the span does not quote the document text')
      return false
    }
    return true
  }

  // The user's own layer, from her other machines: one write per document.
  if (own.length > 0) {
    const whereIs = new Map<string, string>()
    if (own.some(({ body }) => !body)) for (const annotation of await store.allAnnotations()) whereIs.set(annotation.id, annotation.documentId)
    const byDocument = new Map<string, { ids: string[]; upserts: Annotation[]; deletions: string[] }>()
    for (const { id, key, body } of own) {
      const documentId = body ? body.annotation.documentId : whereIs.get(key)
      if (!documentId || context.isDirty(`a:${documentId}:${key}`)) continue
      const local = (await store.annotations(documentId).catch(() => [] as readonly Annotation[])).find((annotation) => annotation.id === key)
      const change = byDocument.get(documentId) ?? { ids: [], upserts: [], deletions: [] }
      if (!body) {
        if (!local) continue
        change.deletions.push(key)
      } else {
        const localRecord = local ? annotationRecord(context.user, local) : null
        if (localRecord && canonicalJson(localRecord.body) === canonicalJson(body)) continue
        if (!(await placeable(id, body.annotation))) continue
        change.upserts.push(body.annotation)
      }
      change.ids.push(id)
      byDocument.set(documentId, change)
    }
    for (const [documentId, change] of byDocument) {
      try {
        await store.applyAnnotationBatch(documentId, change.upserts, change.deletions)
        outcome.applied += change.ids.length
      } catch (error) {
        for (const id of change.ids) refuse(id, explain(error))
      }
    }
  }

  for (const [annotator, entries] of teammates) {
    const change: LayerChange = { upserts: [], deletions: [] }
    for (const { id, key, body } of entries) {
      if (!body) change.deletions.push(key)
      else if (await placeable(id, body.annotation)) change.upserts.push(body.annotation)
    }
    if (change.upserts.length + change.deletions.length === 0) continue
    try {
      await applyTeammateLayer(context.sources, annotator, context.database, change)
      outcome.applied += change.upserts.length + change.deletions.length
    } catch (error) {
      for (const { id } of entries) refuse(id, explain(error))
    }
  }

  const curatedChanges: typeof curated = []
  for (const entry of curated) {
    // A local change to the curated set not sent yet stays; the next push makes the conflict.
    if ((context.curatedNow.get(entry.id) ?? null) !== (context.curatedBase[entry.id] ?? null)) continue
    if (entry.body?.type === 'curated' && !(await placeable(entry.id, entry.body.annotation))) continue
    curatedChanges.push(entry)
  }
  if (curatedChanges.length > 0) {
    try {
      // A decision names teammates' layers; each has its source here (empty until her layer arrives), which keeps her name.
      const teammates = new Set(curatedChanges.flatMap(({ body }) => (body?.type === 'decision' ? context.decisionNames.teammatesIn(body.decision) : [])))
      for (const name of teammates) {
        const known = await context.sources.get(teamSourceId(name)).catch(() => null)
        if (!known) await applyTeammateLayer(context.sources, name, context.database, { upserts: [], deletions: [] })
      }
      await context.sources.updateCurated(store.settings.annotator, (file) => {
        const annotations = new Map(file.annotations.map((annotation) => [annotation.id, annotation]))
        const decisions = new Map<string, ReviewDecision>(file.decisions.map((decision) => [`${decision.documentId}\u0000${decision.unitKey}`, decision]))
        for (const { id, body } of curatedChanges) {
          if (body?.type === 'curated') annotations.set(body.annotation.id, body.annotation)
          else if (body?.type === 'decision') {
            const local = context.decisionNames.toLocal(body.decision)
            decisions.set(`${local.documentId}\u0000${local.unitKey}`, local)
          } else if (id.startsWith('curated:')) annotations.delete(id.slice('curated:'.length))
          else {
            for (const [key, decision] of decisions) {
              const portable = context.decisionNames.toPortable(decision)
              if (decisionDocId(portable.documentId, portable.unitKey) === id) decisions.delete(key)
            }
          }
        }
        return { ...file, annotations: [...annotations.values()], decisions: [...decisions.values()] }
      })
      for (const { id, body } of curatedChanges) {
        if (body) context.curatedBase[id] = canonicalJson(body)
        else delete context.curatedBase[id]
      }
      outcome.applied += curatedChanges.length
    } catch (error) {
      for (const { id } of curatedChanges) refuse(id, explain(error))
    }
  }
  return outcome
}
