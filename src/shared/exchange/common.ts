// What every annotation file format (native, CSV, REFI-QDA) is read into before it meets the
// workspace: offsets in code points, documents named however the file names them.
import type { ErrorCode, MessageParams } from '../messages'
import type { Annotation, AnnotationAttributes, AnnotationLink, DocumentMeta, Indicator, Label } from '../model'

export const exchangeFormats = ['json', 'csv', 'w3c', 'qdpx'] as const
export type ExchangeFormat = (typeof exchangeFormats)[number]

export const exchangeExtensions: Record<ExchangeFormat, string> = {
  json: '.pwb.json',
  csv: '.csv',
  w3c: '.jsonld',
  qdpx: '.qdpx',
}

/** A format problem found while reading a file; main turns it into an AppError. */
export class ExchangeError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: MessageParams = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`)
  }
}

export interface BundleDocument {
  id?: string
  sha256?: string
  fileName?: string
  title?: string
  meta?: Partial<DocumentMeta>
  /** The full text, when the file carries it. */
  text?: string
  /** In code points, when the file says. */
  textLength?: number
}

export interface BundleAnnotation {
  /** Where the annotation is in the file (CSV line, array position), for problem reports. */
  row: number
  /** A document id, sha256 or file name. */
  document: string
  id?: string
  label: string
  /** Code points; absent when the file gives only a quote. */
  start?: number
  end?: number
  quote: string
  prefix?: string
  suffix?: string
  attributes: AnnotationAttributes
  status?: 'accepted' | 'suggested' | 'rejected'
  author?: string
  createdAt?: string
  updatedAt?: string
  /** Links to other annotations of the same file; `documentId` names the document as the file does. */
  links?: AnnotationLink[]
  /** A proposal's confidence and rule (the native format carries them). */
  suggestion?: Annotation['suggestion']
  /** Set by a reader on a row it could not make sense of; the import lists it and goes on. */
  invalid?: { reason: 'span-invalid' | 'invalid-attributes'; detail: string }
}

export interface ExchangeBundle {
  format: ExchangeFormat
  annotator: string
  labels: Label[]
  indicators: Indicator[]
  documents: BundleDocument[]
  annotations: BundleAnnotation[]
  /** sha256 of the file's bytes (set by main when it reads the file), to notice a file imported twice. */
  contentSha256?: string
}

const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * JSON.parse that refuses prototype-pollution keys anywhere in the file. They have no meaning
 * in any format we read, so a file holding them was made to attack a reader, not by a tool.
 */
export function parseJsonSafely(raw: string, fileName: string): unknown {
  let unsafe: string | null = null
  let value: unknown
  try {
    value = JSON.parse(raw.replace(/^\uFEFF/, ''), (key, item: unknown) => {
      if (unsafeKeys.has(key)) unsafe ??= key
      return item
    })
  } catch (error) {
    throw new ExchangeError('EXCHANGE_INVALID', { path: fileName, reason: (error as Error).message })
  }
  if (unsafe !== null) throw new ExchangeError('EXCHANGE_UNSAFE_KEY', { path: fileName, key: unsafe })
  return value
}

/** What an export carries that a format cannot hold, told to the user (REFI-QDA §7 asks for it). */
export interface ExportLoss {
  field: string
  count: number
}

/**
 * What every export writes: each annotation signed (an empty author is the exporting
 * annotator's), and only links whose target is exported too — the others could not be placed
 * by an import, so they are counted as lost instead of written dangling.
 */
export function prepareExport<T extends { record: { id: string }; annotations: readonly Annotation[] }>(
  documents: readonly T[],
  annotator: string,
): { documents: T[]; linksOutside: number } {
  const exported = new Set(documents.flatMap(({ record, annotations }) => annotations.map((annotation) => `${record.id}\u0000${annotation.id}`)))
  let linksOutside = 0
  const prepared = documents.map((doc) => ({
    ...doc,
    annotations: doc.annotations.map((annotation) => {
      const links = annotation.links.filter((link) => exported.has(`${link.documentId}\u0000${link.annotationId}`))
      linksOutside += annotation.links.length - links.length
      return { ...annotation, author: annotation.author || annotator, links }
    }),
  }))
  return { documents: prepared, linksOutside }
}

/** Adds up losses of the same field. */
export function mergeLosses(...lists: ExportLoss[][]): ExportLoss[] {
  const counts: Record<string, number> = {}
  for (const loss of lists.flat()) counts[loss.field] = (counts[loss.field] ?? 0) + loss.count
  return lossList(counts)
}

/** Counts per field, in a stable order, leaving out fields nothing was lost of. */
export function lossList(counts: Record<string, number>): ExportLoss[] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([field, count]) => ({ field, count }))
}
