// The native annotation file (.pwb.json, DESIGN §8): versioned, offsets in code points, with
// the codebook and each document's sha256 and metadata (optionally its text).
import { z } from 'zod'
import {
  AnnotationAttributesSchema,
  AnnotationLinkSchema,
  AnnotationSchema,
  DocumentMetaSchema,
  IndicatorSchema,
  LabelSchema,
  annotationStatuses,
  type Annotation,
  type AnnotationAttributes,
  type DocumentRecord,
  type Indicator,
  type Label,
} from '../model'
import { makeOffsetConverter } from '../offsets'
import { ExchangeError, parseJsonSafely, type ExchangeBundle } from './common'

export const NATIVE_FORMAT = 'policy-workbench/annotations'
export const NATIVE_SCHEMA_VERSION = 1

const NativeDocumentSchema = z.object({
  id: z.string().max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  title: z.string().max(1000),
  fileName: z.string().max(1000),
  meta: DocumentMetaSchema,
  /** Code points. */
  textLength: z.number().int().nonnegative(),
  text: z.string().optional(),
})

const NativeAnnotationSchema = z.object({
  id: z.string().min(1).max(64),
  document: z.string().max(64),
  label: z.string().min(1).max(64),
  /** Code points; end exclusive. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  quote: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  attributes: AnnotationAttributesSchema,
  links: z.array(AnnotationLinkSchema),
  status: z.enum(annotationStatuses),
  suggestion: AnnotationSchema.shape.suggestion,
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const NativeFileSchema = z.object({
  format: z.literal(NATIVE_FORMAT),
  schemaVersion: z.literal(NATIVE_SCHEMA_VERSION),
  offsets: z.literal('unicode-code-points'),
  exportedAt: z.string(),
  annotator: z.string().max(200),
  workspace: z.object({ name: z.string() }),
  labels: z.array(LabelSchema),
  indicators: z.array(IndicatorSchema),
  documents: z.array(NativeDocumentSchema),
  annotations: z.array(NativeAnnotationSchema),
})
export type NativeFile = z.infer<typeof NativeFileSchema>

export interface ExportDocument {
  record: DocumentRecord
  text: string
  annotations: readonly Annotation[]
}

export interface NativeExportInput {
  workspaceName: string
  annotator: string
  labels: readonly Label[]
  indicators: readonly Indicator[]
  documents: readonly ExportDocument[]
  includeText: boolean
  exportedAt?: string
}

const attributeOrder = Object.keys(AnnotationAttributesSchema.shape) as Array<keyof AnnotationAttributes>

/** The attributes in the schema's key order (what a read-back annotation has), nothing dropped or checked. */
function canonicalAttributes(attributes: AnnotationAttributes): AnnotationAttributes {
  const ordered: Record<string, unknown> = {}
  for (const key of attributeOrder) if (attributes[key] !== undefined) ordered[key] = attributes[key]
  for (const [key, value] of Object.entries(attributes)) if (!(key in ordered) && value !== undefined) ordered[key] = value
  return ordered as AnnotationAttributes
}

export function buildNativeFile(input: NativeExportInput): NativeFile {
  return {
    format: NATIVE_FORMAT,
    schemaVersion: NATIVE_SCHEMA_VERSION,
    offsets: 'unicode-code-points',
    exportedAt: input.exportedAt ?? new Date().toISOString(),
    annotator: input.annotator,
    workspace: { name: input.workspaceName },
    labels: [...input.labels],
    indicators: [...input.indicators],
    documents: input.documents.map(({ record, text }) => ({
      id: record.id,
      sha256: record.sha256,
      title: record.title,
      fileName: record.source.fileName,
      meta: record.meta,
      textLength: makeOffsetConverter(text).codePointLength,
      ...(input.includeText ? { text } : {}),
    })),
    annotations: input.documents.flatMap(({ record, text, annotations }) => {
      const offsets = makeOffsetConverter(text)
      return annotations.map((annotation) => ({
        id: annotation.id,
        document: record.id,
        label: annotation.label,
        start: offsets.toCodePoint(annotation.start),
        end: offsets.toCodePoint(annotation.end),
        quote: annotation.quote,
        prefix: annotation.prefix,
        suffix: annotation.suffix,
        // In the schema's order, so an annotation read back writes the same bytes.
        attributes: canonicalAttributes(annotation.attributes),
        links: annotation.links,
        status: annotation.status,
        ...(annotation.suggestion ? { suggestion: annotation.suggestion } : {}),
        author: annotation.author,
        createdAt: annotation.createdAt,
        updatedAt: annotation.updatedAt,
      }))
    }),
  }
}

export function parseNativeFile(raw: string, fileName: string): ExchangeBundle {
  const json = parseJsonSafely(raw, fileName)
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ExchangeError('EXCHANGE_INVALID', { path: fileName, reason: 'not a JSON object' })
  }
  const head = json as Record<string, unknown>
  if (head.format !== NATIVE_FORMAT) {
    throw new ExchangeError('EXCHANGE_INVALID', { path: fileName, reason: `format is not ${NATIVE_FORMAT}` })
  }
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > NATIVE_SCHEMA_VERSION) {
    throw new ExchangeError('EXCHANGE_TOO_NEW', { path: fileName, found: head.schemaVersion, supported: NATIVE_SCHEMA_VERSION })
  }
  const parsed = NativeFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ExchangeError('EXCHANGE_INVALID', { path: fileName, reason: `${issue.path.join('.') || '(root)'}: ${issue.message}` })
  }
  const file = parsed.data
  return {
    format: 'json',
    annotator: file.annotator,
    labels: file.labels,
    indicators: file.indicators,
    documents: file.documents.map((doc) => ({
      id: doc.id,
      sha256: doc.sha256,
      fileName: doc.fileName,
      title: doc.title,
      meta: doc.meta,
      textLength: doc.textLength,
      ...(doc.text === undefined ? {} : { text: doc.text }),
    })),
    annotations: file.annotations.map((annotation, index) => ({
      row: index + 1,
      document: annotation.document,
      id: annotation.id,
      label: annotation.label,
      start: annotation.start,
      end: annotation.end,
      quote: annotation.quote,
      prefix: annotation.prefix,
      suffix: annotation.suffix,
      attributes: annotation.attributes,
      links: annotation.links,
      status: annotation.status,
      ...(annotation.suggestion ? { suggestion: annotation.suggestion } : {}),
      author: annotation.author,
      createdAt: annotation.createdAt,
      updatedAt: annotation.updatedAt,
    })),
  }
}
