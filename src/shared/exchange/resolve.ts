// Puts the annotations of an imported file onto the workspace's documents: find the document
// (id, sha256, file name), turn code points into UTF-16, and re-anchor by quote + context when
// the text differs. Every annotation that cannot be placed is returned with its reason.
import { anchor, locateQuote, selectorFor } from '../anchoring'
import { AnnotationSchema, IndicatorSchema, LabelSchema, type Annotation, type Indicator, type Label } from '../model'
import type { z } from 'zod'
import { makeOffsetConverter, type OffsetConverter } from '../offsets'
import type { BundleAnnotation, BundleDocument, ExchangeBundle } from './common'

export interface TargetDocument {
  id: string
  sha256: string
  fileName: string
  text: string
}

export const problemReasons = [
  'document-not-found',
  'unknown-label',
  'quote-not-found',
  'quote-ambiguous',
  'span-invalid',
  'duplicate-id',
  'invalid-attributes',
  'link-target-missing',
] as const
export type ProblemReason = (typeof problemReasons)[number]

export interface ImportProblem {
  row: number
  document: string
  quote: string
  reason: ProblemReason
  detail?: string
}

export interface ResolvedImport {
  annotations: Annotation[]
  problems: ImportProblem[]
  /** How many annotations needed re-anchoring because the text at their offsets differed. */
  reanchored: number
}

export interface ResolveOptions {
  documents: readonly TargetDocument[]
  labels: readonly Label[]
  annotator: string
  now: string
  /** Makes ids for rows that have none. */
  newId: () => string
}

/** The workspace document a reference names: by id, then sha256, then original file name. */
export function findDocument(
  reference: string,
  documents: readonly TargetDocument[],
  carried: readonly BundleDocument[] = [],
): TargetDocument | null {
  const direct =
    documents.find((doc) => doc.id === reference) ??
    documents.find((doc) => doc.sha256 === reference) ??
    documents.find((doc) => doc.fileName === reference)
  if (direct) return direct
  // The file's own document list may describe the reference (a native file names documents by
  // its own ids, which differ from ours when the text differs).
  const described = carried.find((doc) => doc.id === reference || doc.sha256 === reference || doc.fileName === reference)
  if (!described) return null
  return (
    (described.sha256 && documents.find((doc) => doc.sha256 === described.sha256)) ||
    (described.id && documents.find((doc) => doc.id === described.id)) ||
    (described.fileName && documents.find((doc) => doc.fileName === described.fileName)) ||
    null
  )
}

function place(text: string, offsets: OffsetConverter, entry: BundleAnnotation): { start: number; end: number; moved: boolean } | ImportProblem['reason'] {
  const toUtf16 = (codePoint: number) => offsets.toUtf16(Math.min(codePoint, offsets.codePointLength))
  const hasSpan = entry.start !== undefined && entry.end !== undefined
  if (hasSpan && entry.end! < entry.start!) return 'span-invalid'
  // A start alone (a CSV row with no end) still says which occurrence of the quote is meant.
  const start = entry.start === undefined ? undefined : toUtf16(entry.start)
  const end = hasSpan ? toUtf16(entry.end!) : undefined
  if (entry.quote === '') {
    if (start === undefined || end === undefined || end <= start) return 'span-invalid'
    return { start, end, moved: false }
  }
  if (start !== undefined && end !== undefined && text.slice(start, end) === entry.quote) return { start, end, moved: false }
  if (!hasSpan && !entry.prefix && !entry.suffix) {
    const found = locateQuote(text, entry.quote, start)
    if (found.match) return { ...found.match, moved: false }
    if (found.candidates > 1) return 'quote-ambiguous'
  }
  const anchored = anchor(text, {
    start: start ?? 0,
    end: end ?? (start ?? 0) + entry.quote.length,
    quote: entry.quote,
    prefix: entry.prefix ?? '',
    suffix: entry.suffix ?? '',
  })
  return anchored ? { start: anchored.start, end: anchored.end, moved: true } : 'quote-not-found'
}

/** The first schema complaint, as "path: message", for a problem's detail. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`
}

/**
 * Labels and indicators the file defines that the model's schemas refuse (a 200-character key,
 * a colour that is no colour). They are never created; rows that use them are listed instead.
 */
function invalidDefinitions(bundle: ExchangeBundle): { labels: Map<string, string>; indicators: Map<string, string> } {
  const labels = new Map<string, string>()
  for (const label of bundle.labels) {
    const checked = LabelSchema.safeParse(label)
    if (!checked.success) labels.set(label.key, `label ${label.key.slice(0, 64)}: ${firstIssue(checked.error)}`)
  }
  const indicators = new Map<string, string>()
  for (const indicator of bundle.indicators) {
    const checked = IndicatorSchema.safeParse(indicator)
    if (!checked.success) indicators.set(indicator.key, `indicator ${indicator.key.slice(0, 64)}: ${firstIssue(checked.error)}`)
  }
  return { labels, indicators }
}

export function resolveBundle(bundle: ExchangeBundle, options: ResolveOptions): ResolvedImport {
  const labels = new Set([...options.labels.map((label) => label.key)])
  const invalid = invalidDefinitions(bundle)
  const annotations: Annotation[] = []
  const problems: ImportProblem[] = []
  const seen = new Set<string>()
  // One converter per document: building it walks the whole text.
  const converters = new Map<string, OffsetConverter>()
  let reanchored = 0
  const pendingLinks: Array<{ entry: BundleAnnotation; annotation: Annotation }> = []
  for (const entry of bundle.annotations) {
    const problem = (reason: ImportProblem['reason'], detail?: string) =>
      problems.push({ row: entry.row, document: entry.document, quote: entry.quote, reason, ...(detail ? { detail } : {}) })
    // A row the reader already found broken (a position past the file's own text, say).
    if (entry.invalid) {
      problem(entry.invalid.reason, entry.invalid.detail)
      continue
    }
    const doc = findDocument(entry.document, options.documents, bundle.documents)
    if (!doc) {
      problem('document-not-found')
      continue
    }
    if (!labels.has(entry.label) && invalid.labels.has(entry.label)) {
      problem('invalid-attributes', invalid.labels.get(entry.label))
      continue
    }
    if (!labels.has(entry.label)) {
      problem('unknown-label', entry.label)
      continue
    }
    const indicatorProblem = entry.attributes.indicator === undefined ? undefined : invalid.indicators.get(entry.attributes.indicator)
    if (indicatorProblem) {
      problem('invalid-attributes', indicatorProblem)
      continue
    }
    let offsets = converters.get(doc.id)
    if (!offsets) {
      offsets = makeOffsetConverter(doc.text)
      converters.set(doc.id, offsets)
    }
    const placed = place(doc.text, offsets, entry)
    if (typeof placed === 'string') {
      problem(placed)
      continue
    }
    const id = entry.id ?? options.newId()
    const key = `${doc.id}\u0000${id}`
    if (seen.has(key)) {
      problem('duplicate-id', id)
      continue
    }
    const selector = selectorFor(doc.text, placed.start, placed.end)
    // Checked against the schema the store reads its files with: anything it would refuse on
    // the next open (an id over 64 characters, a note over 10,000) must never be written.
    const checked = AnnotationSchema.safeParse({
      id,
      documentId: doc.id,
      start: selector.start,
      end: selector.end,
      quote: selector.quote,
      prefix: selector.prefix,
      suffix: selector.suffix,
      label: entry.label,
      attributes: entry.attributes,
      links: [],
      status: entry.status ?? 'accepted',
      ...(entry.suggestion ? { suggestion: entry.suggestion } : {}),
      author: entry.author || bundle.annotator || options.annotator,
      createdAt: entry.createdAt ?? options.now,
      updatedAt: entry.updatedAt ?? options.now,
    })
    if (!checked.success) {
      problem('invalid-attributes', firstIssue(checked.error))
      continue
    }
    seen.add(key)
    if (placed.moved) reanchored += 1
    annotations.push(checked.data)
    if (entry.links && entry.links.length > 0) pendingLinks.push({ entry, annotation: checked.data })
  }
  placeLinks(pendingLinks, annotations, options.documents, bundle.documents, problems)
  return { annotations, problems, reanchored }
}

/**
 * Links name annotations of the same file by the file's document references; once every
 * annotation is placed they are pointed at the workspace's documents. A link whose target did
 * not come in (its row was refused, or the file never had it) is left out and listed.
 */
function placeLinks(
  pending: ReadonlyArray<{ entry: BundleAnnotation; annotation: Annotation }>,
  annotations: readonly Annotation[],
  documents: readonly TargetDocument[],
  carried: readonly BundleDocument[],
  problems: ImportProblem[],
): void {
  const placed = new Set(annotations.map((annotation) => `${annotation.documentId}\u0000${annotation.id}`))
  for (const { entry, annotation } of pending) {
    for (const link of entry.links ?? []) {
      const documentId = findDocument(link.documentId, documents, carried)?.id
      if (documentId && placed.has(`${documentId}\u0000${link.annotationId}`)) {
        annotation.links.push({ type: link.type, annotationId: link.annotationId, documentId })
      } else {
        problems.push({ row: entry.row, document: entry.document, quote: entry.quote, reason: 'link-target-missing', detail: `${link.type}:${link.annotationId}@${link.documentId}` })
      }
    }
  }
}

/** Indicators of the file that the codebook lacks (CSV indicator_name, native codebook). */
export function newIndicators(bundle: ExchangeBundle, known: readonly Indicator[]): Indicator[] {
  const keys = new Set(known.map((indicator) => indicator.key))
  const fresh: Indicator[] = []
  for (const indicator of bundle.indicators) {
    if (keys.has(indicator.key)) continue
    // Invalid ones are left out; resolveBundle lists the rows that use them.
    if (!IndicatorSchema.safeParse(indicator).success) continue
    const used = bundle.annotations.some((entry) => entry.attributes.indicator === indicator.key)
    if (!used) continue
    keys.add(indicator.key)
    fresh.push(indicator)
  }
  return fresh
}

/** Labels of a native file's codebook that the workspace lacks and its annotations use. */
export function newLabels(bundle: ExchangeBundle, known: readonly Label[]): Label[] {
  const keys = new Set(known.map((label) => label.key))
  const shortcuts = new Set(known.map((label) => label.shortcut).filter(Boolean))
  const fresh: Label[] = []
  for (const label of bundle.labels) {
    if (keys.has(label.key) || !bundle.annotations.some((entry) => entry.label === label.key)) continue
    // Invalid ones are left out; resolveBundle lists the rows that use them.
    if (!LabelSchema.safeParse(label).success) continue
    keys.add(label.key)
    // The store refuses a shortcut already taken, so a second new label of the same file
    // wanting the same key as the first would stop the import halfway: it goes without.
    const shortcut = label.shortcut && !shortcuts.has(label.shortcut) ? label.shortcut : null
    if (shortcut) shortcuts.add(shortcut)
    fresh.push({ ...label, shortcut })
  }
  return fresh
}
