// What every annotation file format (native, CSV, REFI-QDA) is read into before it meets the
// workspace: offsets in code points, documents named however the file names them.
import type { ErrorCode, MessageParams } from '../messages'
import type { AnnotationAttributes, DocumentMeta, Indicator, Label } from '../model'

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
