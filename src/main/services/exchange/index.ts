// Annotation files in and out (issue 6): reading each format into an ExchangeBundle with the
// size and archive limits of DESIGN §11, placing it on the workspace's documents, and writing
// the four export formats. Nothing is written until the whole file has been read and checked.
import { createHash, randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { agreementReport, type AgreementReport } from '../../../shared/agreement'
import { ExchangeError, mergeLosses, prepareExport, type ExchangeBundle, type ExchangeFormat, type ExportLoss } from '../../../shared/exchange/common'
import { CsvRowsError, buildCsv, csvLosses, parseCsv } from '../../../shared/exchange/csv'
import { buildNativeFile, parseNativeFile, type ExportDocument } from '../../../shared/exchange/native'
import { buildQde, parseQde } from '../../../shared/exchange/qde'
import { newIndicators, newLabels, resolveBundle, type TargetDocument } from '../../../shared/exchange/resolve'
import { buildW3c } from '../../../shared/exchange/w3c'
import type { ExchangeImportReport } from '../../../shared/api'
import { formatCsvRowProblems, formatError } from '../../../shared/messages'
import { defaultSettings, type Annotation, type Label, type Locale } from '../../../shared/model'
import { WORKSPACE_SOURCE_ID } from '../../../shared/review'
import { AppError } from '../app-error'
import { isErrorCode } from '../durable-file'
import { sourceSpans, type SpansByDocument } from './agreement-spans'
import { checkZip } from '../importers/zip-guard'
import { defaultImportLimits } from '../importers/types'
import type { SourceStore } from '../sources'
import type { WorkspaceStore } from '../workspace-store'

export type AnnotationFileInput = { kind: 'path'; path: string } | { kind: 'bytes'; fileName: string; bytes: Uint8Array }

export type ImportReport = ExchangeImportReport

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1)
}

function formatOf(fileName: string): 'json' | 'csv' | 'qdpx' {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.json')) return 'json'
  if (lower.endsWith('.csv')) return 'csv'
  if (lower.endsWith('.qdpx')) return 'qdpx'
  throw new AppError('EXCHANGE_UNSUPPORTED', { path: fileName, ext: extname(fileName) })
}

function rethrow(error: unknown, locale: Locale): never {
  // Every bad row of a CSV is listed, each reason in the user's language.
  if (error instanceof CsvRowsError) throw new AppError(error.code, { ...error.params, rows: formatCsvRowProblems(error.rows, locale) })
  if (error instanceof ExchangeError) throw new AppError(error.code, error.params)
  throw error
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new AppError('FILE_NOT_UTF8', { path })
  }
}

/** Entry names that could escape the archive's folder when a careless tool unpacks it. */
function unsafeEntry(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..')
}

function readQdpx(bytes: Uint8Array, fileName: string, labels: readonly Label[]): ExchangeBundle {
  const entries = checkZip(bytes, defaultImportLimits, fileName)
  const bad = entries.find((entry) => unsafeEntry(entry.name))
  if (bad) throw new AppError('ARCHIVE_UNSAFE_PATH', { path: fileName, entry: bad.name })
  const files = unzipSync(bytes)
  const project = files['project.qde']
  if (!project) throw new AppError('EXCHANGE_INVALID', { path: fileName, reason: 'no project.qde' })
  const readText = (path: string): string | null => {
    const internal = /^internal:\/\/(.+)$/.exec(path)?.[1]
    if (!internal || unsafeEntry(internal)) return null
    const data = files[`sources/${internal}`]
    return data ? decodeUtf8(data, `${fileName}:${internal}`) : null
  }
  return parseQde(decodeUtf8(project, fileName), fileName, readText, labels)
}

/**
 * Reads and checks an annotation file; throws an AppError the user can act on. A file of more
 * than `maxRows` annotations is refused (Settings' row cap): nothing of it reaches the workspace.
 */
export async function readAnnotationFile(
  input: AnnotationFileInput,
  maxBytes: number,
  labels: readonly Label[],
  locale: Locale = 'zh-CN',
  maxRows: number = defaultSettings.maxImportRows,
): Promise<ExchangeBundle> {
  const fileName = input.kind === 'path' ? basename(input.path) : input.fileName
  const format = formatOf(fileName)
  let bytes: Uint8Array
  if (input.kind === 'path') {
    try {
      const info = await stat(input.path)
      // Refused from its size alone: a 200 MB file is never read into memory.
      if (info.size > maxBytes) throw new AppError('FILE_TOO_LARGE', { path: fileName, size: megabytes(info.size), limit: megabytes(maxBytes) })
      bytes = await readFile(input.path)
    } catch (error) {
      if (error instanceof AppError) throw error
      if (isErrorCode(error, 'ENOENT', 'EACCES', 'EISDIR')) throw new AppError('FILE_UNREADABLE', { path: input.path, reason: (error as Error).message })
      throw error
    }
  } else {
    bytes = input.bytes
    if (bytes.length > maxBytes) throw new AppError('FILE_TOO_LARGE', { path: fileName, size: megabytes(bytes.length), limit: megabytes(maxBytes) })
  }
  const contentSha256 = createHash('sha256').update(bytes).digest('hex')
  let bundle: ExchangeBundle
  try {
    if (format === 'qdpx') bundle = { ...readQdpx(bytes, fileName, labels), contentSha256 }
    else {
      const text = decodeUtf8(bytes, fileName)
      bundle = { ...(format === 'csv' ? parseCsv(text, fileName, maxRows) : parseNativeFile(text, fileName)), contentSha256 }
    }
  } catch (error) {
    rethrow(error, locale)
  }
  // CSV stops at the cap while parsing; the other formats are held to it once read.
  if (bundle.annotations.length > maxRows) throw new AppError('ANNOTATION_ROWS_TOO_MANY', { path: fileName, limit: maxRows })
  return bundle
}

export const duplicateChoices = ['replace', 'keep-both'] as const
export type DuplicateChoice = (typeof duplicateChoices)[number]

/** `name`, or `name (2)`, `name (3)` … whichever no source has yet. */
export function unusedSourceName(name: string, taken: readonly string[]): string {
  const names = new Set(taken)
  if (!names.has(name)) return name
  let n = 2
  while (names.has(`${name} (${n})`)) n += 1
  return `${name} (${n})`
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Places a read file on the workspace and keeps it as a new source. Documents the file carries
 * and the workspace lacks are added when `importDocuments` is set; indicators and labels the
 * file uses and the codebook lacks are created. The workspace's own annotations are untouched.
 */
export async function importBundle(
  store: WorkspaceStore,
  sources: SourceStore,
  bundle: ExchangeBundle,
  options: { fileName: string; name?: string; importDocuments: boolean; onDuplicate?: DuplicateChoice },
): Promise<ImportReport> {
  // The same bytes imported before: replace that source or keep both, never silently twice.
  const wantedName = options.name?.trim() || bundle.annotator || options.fileName
  // Of several copies kept earlier, the one under the name this import would take, or the oldest.
  const copies = bundle.contentSha256 ? await sources.findByContent(bundle.contentSha256) : []
  const previous = copies.find((copy) => copy.name === wantedName) ?? copies[0] ?? null
  // Names are needed only for a duplicate (listing the workspace's own source reads every annotation file).
  const otherNames = previous
    ? (await sources.list()).filter((source) => source.id !== previous.id || options.onDuplicate !== 'replace').map((source) => source.name)
    : []
  if (previous && !options.onDuplicate) {
    throw new AppError('SOURCE_DUPLICATE', { path: options.fileName, source: previous.name, sourceId: previous.id, copyName: unusedSourceName(wantedName, otherNames) })
  }
  const targets: TargetDocument[] = []
  for (const doc of store.documents) {
    if (store.isMissing(doc.id)) continue
    targets.push({ id: doc.id, sha256: doc.sha256, fileName: doc.source.fileName, text: await store.text(doc.id) })
  }
  const carriedNew = bundle.documents.filter(
    (doc) => doc.text !== undefined && !targets.some((target) => target.sha256 === sha256(doc.text!)),
  )
  const referenced = new Set(bundle.annotations.map((entry) => entry.document))
  const documentsAdded: ImportReport['documentsAdded'] = []
  if (options.importDocuments && carriedNew.length > 0) {
    const added = await store.addDocuments(
      carriedNew.map((doc) => ({
        fileName: doc.fileName || `${doc.title ?? doc.id ?? 'document'}.txt`,
        text: doc.text!,
        format: 'txt',
        encoding: 'utf-8',
        ...(doc.title ? { title: doc.title } : {}),
        ...(doc.meta ? { meta: doc.meta } : {}),
      })),
    )
    for (const [index, result] of added.entries()) {
      const record = result.document
      targets.push({ id: record.id, sha256: record.sha256, fileName: record.source.fileName, text: carriedNew[index].text! })
      if (result.status === 'imported') documentsAdded.push({ id: record.id, title: record.title })
    }
  }
  // The source file is written last, so a failure before it leaves at most unused codebook
  // entries and documents behind; the error then says which, rather than failing silently half-way.
  const alreadyAdded: string[] = documentsAdded.map((doc) => doc.title)
  const labelsToAdd = newLabels(bundle, store.labels)
  const indicatorsToAdd = newIndicators(bundle, store.indicators)
  const now = new Date().toISOString()
  // Replacing keeps the source's name (unless a new one is given), keeping both numbers the new one.
  const name = !previous
    ? wantedName
    : options.onDuplicate === 'keep-both'
      ? unusedSourceName(wantedName, otherNames)
      : options.name?.trim() || previous.name
  let resolved: ReturnType<typeof resolveBundle>
  let source: Awaited<ReturnType<SourceStore['addImported']>>
  try {
    for (const label of labelsToAdd) {
      await store.saveLabel(label)
      alreadyAdded.push(label.key)
    }
    for (const indicator of indicatorsToAdd) {
      await store.saveIndicator(indicator)
      alreadyAdded.push(indicator.key)
    }
    resolved = resolveBundle(bundle, { documents: targets, labels: store.labels, annotator: name, now, newId: randomUUID })
    const content = {
      name,
      fileName: options.fileName,
      format: bundle.format,
      importedAt: now,
      annotations: resolved.annotations,
      problems: resolved.problems,
      ...(bundle.contentSha256 ? { contentSha256: bundle.contentSha256 } : {}),
    }
    source = previous && options.onDuplicate === 'replace' ? await sources.replaceImported(previous.id, content) : await sources.addImported(content)
  } catch (error) {
    if (alreadyAdded.length === 0) throw error
    const reason = error instanceof AppError ? formatError(error.code, error.params, store.settings.locale) : (error as Error).message
    throw new AppError('EXCHANGE_PARTIAL', { path: options.fileName, reason, added: alreadyAdded.join(', ') })
  }
  const missing = resolved.problems.filter((problem) => problem.reason === 'document-not-found').map((problem) => problem.document)
  return {
    fileName: options.fileName,
    source: await sources.summary(source.id),
    imported: resolved.annotations.length,
    reanchored: resolved.reanchored,
    problems: resolved.problems,
    createdIndicators: indicatorsToAdd.map((indicator) => indicator.key),
    createdLabels: labelsToAdd.map((label) => label.key),
    documentsAdded,
    documentsMissing: [...new Set(missing)].filter((reference) => referenced.has(reference)),
  }
}

export interface ExportRequest {
  format: ExchangeFormat
  /** All documents when absent. */
  documentIds?: string[]
  sourceId: string
  includeText: boolean
  /**
   * The workspace's own suggested and rejected annotations too. Off by default: they are the
   * suggestion engine's output, not the analyst's, and other tools would read them as coded.
   */
  includeProposals?: boolean
  /** Who the file says annotated it, instead of the settings' or the source's name (CLI --annotator). */
  annotator?: string
}

export interface ExportResult {
  bytes: Uint8Array
  annotations: number
  documents: number
  losses: ExportLoss[]
}

async function exportDocuments(store: WorkspaceStore, sources: SourceStore, request: ExportRequest): Promise<ExportDocument[]> {
  const wanted = request.documentIds ? new Set(request.documentIds) : null
  const documents: ExportDocument[] = []
  const all = request.sourceId === WORKSPACE_SOURCE_ID ? null : await sources.annotations(request.sourceId)
  for (const record of store.documents) {
    if (wanted && !wanted.has(record.id)) continue
    if (store.isMissing(record.id)) continue
    const annotations: readonly Annotation[] = all
      ? all.filter((annotation) => annotation.documentId === record.id)
      : (await store.annotations(record.id)).filter((annotation) => request.includeProposals || annotation.status === 'accepted')
    if (!wanted && annotations.length === 0 && !request.includeText) continue
    documents.push({ record, text: await store.text(record.id), annotations })
  }
  return documents
}

export async function exportAnnotations(store: WorkspaceStore, sources: SourceStore, request: ExportRequest): Promise<ExportResult> {
  const annotator = (
    request.annotator ?? (request.sourceId === WORKSPACE_SOURCE_ID ? store.settings.annotator : (await sources.summary(request.sourceId)).name)
  ).trim()
  // Every file that leaves says who annotated it (issue 10): refused before anything is written.
  if (!annotator) throw new AppError('ANNOTATOR_MISSING')
  const prepared = prepareExport(await exportDocuments(store, sources, request), annotator)
  const documents = prepared.documents
  const outside: ExportLoss[] = prepared.linksOutside > 0 ? [{ field: 'links', count: prepared.linksOutside }] : []
  const count = documents.reduce((sum, doc) => sum + doc.annotations.length, 0)
  const result = (bytes: Uint8Array, losses: ExportLoss[] = []): ExportResult => ({
    bytes,
    annotations: count,
    documents: documents.length,
    losses: mergeLosses(outside, losses),
  })
  switch (request.format) {
    case 'json': {
      const file = buildNativeFile({
        workspaceName: store.name,
        annotator,
        labels: store.labels,
        indicators: store.indicators,
        documents,
        includeText: request.includeText,
      })
      return result(strToU8(JSON.stringify(file, null, 1)))
    }
    case 'csv':
      return result(strToU8(buildCsv(documents, store.indicators)), csvLosses(documents))
    case 'w3c': {
      const w3c = buildW3c({ documents, labels: store.labels, indicators: store.indicators, annotator, title: store.name })
      return result(strToU8(JSON.stringify(w3c.collection, null, 1)), w3c.losses)
    }
    case 'qdpx': {
      const qde = buildQde({ projectName: store.name, documents, labels: store.labels, indicators: store.indicators, annotator })
      const entries: Record<string, Uint8Array> = { 'project.qde': strToU8(qde.xml) }
      for (const [path, text] of qde.texts) entries[path] = strToU8(text)
      return result(zipSync(entries, { level: 6 }), qde.losses)
    }
  }
}

/** Agreement between sources over the documents at least one of them annotated (or those given). */
export async function computeAgreement(
  store: WorkspaceStore,
  sources: SourceStore,
  sourceIds: readonly string[],
  documentIds?: readonly string[],
): Promise<AgreementReport> {
  // One source named twice is still one source (found by the contract fuzz).
  if (new Set(sourceIds).size < 2) throw new AppError('REVIEW_NEEDS_SOURCES')
  // Names only: the full list counts the workspace's own annotations, reading every annotation file.
  const summaries = await sources.storedSummaries()
  const chosen = sourceIds.map((id) => {
    if (id === WORKSPACE_SOURCE_ID) return { id, name: sources.workspaceSourceName() }
    const found = summaries.find((source) => source.id === id)
    if (!found) throw new AppError('SOURCE_NOT_FOUND', { id })
    return found
  })
  // Each source's spans from its row index where it has one (agreement-spans.ts), not its annotations whole.
  const spans: SpansByDocument[] = []
  for (const source of chosen) spans.push(await sourceSpans(store, sources, source.id))
  return agreementOfSpans(store, chosen, spans, documentIds)
}

/** The report over the spans each chosen source holds by document (in the order of `chosen`). */
export function agreementOfSpans(
  store: WorkspaceStore,
  chosen: ReadonlyArray<{ id: string; name: string }>,
  spans: readonly SpansByDocument[],
  documentIds?: readonly string[],
): AgreementReport {
  // Over all documents, only those every chosen source annotated count: a document one analyst
  // never opened would otherwise count all its characters as disagreement (issue 10).
  const ids = documentIds ? [...documentIds] : store.documents.map((doc) => doc.id).filter((id) => spans.every((bySource) => bySource.has(id)))
  const documents = ids
    .filter((id) => store.documents.some((doc) => doc.id === id))
    .map((id) => ({
      id,
      textLength: store.document(id).textLength,
      spans: spans.map((bySource) => [...(bySource.get(id) ?? [])]),
    }))
  return {
    ...agreementReport({
      sources: chosen.map((source) => ({ id: source.id, name: source.name })),
      labels: store.labels.map((label) => label.key),
      documents,
    }),
    documentIds: documents.map((doc) => doc.id),
  }
}
