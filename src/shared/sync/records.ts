// Team sync (DESIGN §12): which workspace records travel to the team's CouchDB database, under
// which document id, in which shape, and how a document coming back is checked before it may
// touch the workspace. Pure: the main process does the I/O.
import { z } from 'zod'
import {
  AnnotationSchema,
  DocumentMetaSchema,
  IndicatorSchema,
  LabelSchema,
  type Annotation,
  type DocumentRecord,
  type Indicator,
  type Label,
} from '../model'
import { ReviewDecisionSchema, type ReviewDecision } from '../review'

export const SYNC_RECORD_SCHEMA_VERSION = 1

export const recordKinds = ['document', 'indicator', 'label', 'annotation', 'curated', 'decision'] as const
export type RecordKind = (typeof recordKinds)[number]

const prefixes: Record<RecordKind, string> = {
  document: 'doc:',
  indicator: 'ind:',
  label: 'label:',
  annotation: 'ann:',
  curated: 'curated:',
  decision: 'decision:',
}

/**
 * A CouchDB user name may not contain a colon (it is the separator of HTTP basic auth), so the
 * annotator part of `ann:<annotator>:<annotationId>` ends at the first colon after the prefix and
 * the server's validate_doc_update can compare it with the writer's name.
 */
export const SyncUserSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => !name.includes(':') && !name.startsWith('_'), { message: 'a user name may not contain ":" or start with "_"' })

export const documentDocId = (sha256: string) => `${prefixes.document}${sha256}`
export const indicatorDocId = (key: string) => `${prefixes.indicator}${key}`
export const labelDocId = (key: string) => `${prefixes.label}${key}`
export const annotationDocId = (annotator: string, annotationId: string) => `${prefixes.annotation}${annotator}:${annotationId}`
export const curatedDocId = (annotationId: string) => `${prefixes.curated}${annotationId}`

/**
 * A decision's unit key names the local ids of the sources it settled (up to 20,000 characters),
 * so the id carries the document and a short hash of the key; the key itself travels in the body.
 */
export const decisionDocId = (documentId: string, unitKey: string) => `${prefixes.decision}${documentId}:${hashKey(unitKey)}`

/** FNV-1a over UTF-16 units, two 32-bit lanes: a stable short name for a long key, not a security hash. */
export function hashKey(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ text.length
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    a = Math.imul(a ^ unit, 0x01000193) >>> 0
    b = Math.imul(b ^ unit ^ (a >>> 7), 0x01000193) >>> 0
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')
}

export interface ParsedId {
  kind: RecordKind
  /** The sha256, key, annotation id or decision part after the prefix (and annotator). */
  key: string
  /** For annotations: whose layer. */
  annotator?: string
}

/** The kind of a synced document id, or null for ids that are not workspace records (design documents, foreign ids). */
export function parseDocId(id: string): ParsedId | null {
  for (const kind of recordKinds) {
    const prefix = prefixes[kind]
    if (!id.startsWith(prefix)) continue
    const rest = id.slice(prefix.length)
    if (rest === '') return null
    if (kind !== 'annotation') return { kind, key: rest }
    const colon = rest.indexOf(':')
    if (colon <= 0 || colon === rest.length - 1) return null
    return { kind, annotator: rest.slice(0, colon), key: rest.slice(colon + 1) }
  }
  return null
}

// ---- the shapes that travel ----------------------------------------------------------------

/**
 * A document travels with its text (it is immutable, DESIGN §6) and the metadata every machine
 * shares; the local id is the sha256's first 16 hex digits, so it is not sent, and neither is
 * when this machine happened to import it.
 */
export const SharedDocumentSchema = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    title: z.string().max(2000),
    textLength: z.number().int().nonnegative(),
    meta: DocumentMetaSchema,
    source: z.object({ fileName: z.string().max(1000), format: z.string().max(40), encoding: z.string().max(40) }),
    cleanupApplied: z.array(z.string().max(64)).max(100),
  })
  .strict()
export type SharedDocument = z.infer<typeof SharedDocumentSchema>

/** Suggestions' provenance is machine output of one laptop: the accepted annotation travels without it. */
const TravellingAnnotationSchema = AnnotationSchema.omit({ suggestion: true }).strict()

const envelope = { schemaVersion: z.literal(SYNC_RECORD_SCHEMA_VERSION) }

export const SyncBodySchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('document'), document: SharedDocumentSchema, text: z.string() }).strict(),
  z.object({ ...envelope, type: z.literal('indicator'), indicator: IndicatorSchema.strict() }).strict(),
  z.object({ ...envelope, type: z.literal('label'), label: LabelSchema.strict() }).strict(),
  z.object({ ...envelope, type: z.literal('annotation'), annotation: TravellingAnnotationSchema }).strict(),
  z.object({ ...envelope, type: z.literal('curated'), annotation: TravellingAnnotationSchema }).strict(),
  z.object({ ...envelope, type: z.literal('decision'), decision: ReviewDecisionSchema.strict() }).strict(),
])
export type SyncBody = z.infer<typeof SyncBodySchema>

export interface SyncRecord {
  id: string
  body: SyncBody
}

export function documentRecord(document: DocumentRecord, text: string): SyncRecord {
  const shared: SharedDocument = {
    sha256: document.sha256,
    title: document.title,
    textLength: document.textLength,
    meta: document.meta,
    source: document.source,
    cleanupApplied: document.cleanupApplied,
  }
  return { id: documentDocId(document.sha256), body: { schemaVersion: SYNC_RECORD_SCHEMA_VERSION, type: 'document', document: shared, text } }
}

export const indicatorRecord = (indicator: Indicator): SyncRecord => ({
  id: indicatorDocId(indicator.key),
  body: { schemaVersion: SYNC_RECORD_SCHEMA_VERSION, type: 'indicator', indicator },
})

export const labelRecord = (label: Label): SyncRecord => ({
  id: labelDocId(label.key),
  body: { schemaVersion: SYNC_RECORD_SCHEMA_VERSION, type: 'label', label },
})

function travelling(annotation: Annotation): z.infer<typeof TravellingAnnotationSchema> {
  const { suggestion: _machineOutput, ...rest } = annotation
  return rest
}

/**
 * An annotator's layer holds only what she accepted: a proposal still to review or a rejected
 * one stays on her machine, so such an annotation maps to no record (null), and one that was
 * accepted before becomes a deletion.
 */
export function annotationRecord(annotator: string, annotation: Annotation): SyncRecord | null {
  if (annotation.status !== 'accepted') return null
  return {
    id: annotationDocId(annotator, annotation.id),
    body: { schemaVersion: SYNC_RECORD_SCHEMA_VERSION, type: 'annotation', annotation: travelling(annotation) },
  }
}

export const curatedRecord = (annotation: Annotation): SyncRecord => ({
  id: curatedDocId(annotation.id),
  body: { schemaVersion: SYNC_RECORD_SCHEMA_VERSION, type: 'curated', annotation: travelling(annotation) },
})

export const decisionRecord = (decision: ReviewDecision): SyncRecord => ({
  id: decisionDocId(decision.documentId, decision.unitKey),
  body: { schemaVersion: SYNC_RECORD_SCHEMA_VERSION, type: 'decision', decision },
})

// ---- what comes back -----------------------------------------------------------------------

export type IncomingResult =
  | { ok: true; kind: RecordKind; id: string; deleted: true; parsed: ParsedId }
  | { ok: true; kind: RecordKind; id: string; deleted: false; parsed: ParsedId; body: SyncBody }
  | { ok: false; id: string; reason: string }
  /** Not a workspace record (a design document, someone else's data): left alone, not an error. */
  | { ok: 'ignored'; id: string }

/** The id a body must have: a document whose id and content disagree is refused. */
function expectedId(body: SyncBody, parsed: ParsedId): string {
  switch (body.type) {
    case 'document':
      return documentDocId(body.document.sha256)
    case 'indicator':
      return indicatorDocId(body.indicator.key)
    case 'label':
      return labelDocId(body.label.key)
    case 'annotation':
      return annotationDocId(parsed.annotator ?? '', body.annotation.id)
    case 'curated':
      return curatedDocId(body.annotation.id)
    case 'decision':
      return decisionDocId(body.decision.documentId, body.decision.unitKey)
  }
}

/**
 * Checks a document from the server against the workspace schema. A refused document is
 * reported with its reason and the sync goes on with the others; CouchDB's own fields (`_id`,
 * `_rev`, `_conflicts`, `_revisions`, …) are not part of the record.
 */
export function parseIncoming(doc: Record<string, unknown>): IncomingResult {
  const id = typeof doc._id === 'string' ? doc._id : ''
  if (id.startsWith('_') || id === '') return { ok: 'ignored', id }
  const parsed = parseDocId(id)
  if (!parsed) return { ok: 'ignored', id }
  if (doc._deleted === true) return { ok: true, kind: parsed.kind, id, deleted: true, parsed }
  const fields = Object.fromEntries(Object.entries(doc).filter(([name]) => !name.startsWith('_')))
  const result = SyncBodySchema.safeParse(fields)
  if (!result.success) {
    const issue = result.error.issues[0]
    return { ok: false, id, reason: `${issue.path.join('.') || '(document)'}: ${issue.message}` }
  }
  const body = result.data
  if (body.type !== parsed.kind) return { ok: false, id, reason: `type ${body.type} under a ${parsed.kind} id` }
  if (expectedId(body, parsed) !== id) return { ok: false, id, reason: `content belongs under ${expectedId(body, parsed)}` }
  if (body.type === 'annotation' && body.annotation.status !== 'accepted') {
    return { ok: false, id, reason: `status ${body.annotation.status}: only accepted annotations travel` }
  }
  if (body.type === 'document' && body.document.textLength !== body.text.length) {
    return { ok: false, id, reason: `textLength ${body.document.textLength} but the text has ${body.text.length}` }
  }
  return { ok: true, kind: parsed.kind, id, deleted: false, parsed, body }
}

/** Same record content, whatever the key order (CouchDB and JSON round trips keep it, but do not promise it). */
export function sameBody(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
  })
}

/** The fields of a CouchDB document that make up the record (everything but `_…`). */
export function bodyOf(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([name]) => !name.startsWith('_')))
}
