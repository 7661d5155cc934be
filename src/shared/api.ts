// The one API contract between the renderer and the main-process services.
// Electron IPC, the end-to-end test bridge and the CLI all bind this object; nothing else
// may invent an operation. Inputs are validated in main with these schemas before any
// handler runs; results travel as an Outcome so errors keep their code and localised text.
import { z } from 'zod'
import {
  AnnotationAttributesSchema,
  AnnotationLinkSchema,
  AnnotationSchema,
  DocumentIdSchema,
  DocumentMetaSchema,
  DocumentTypeSchema,
  IndicatorSchema,
  LabelSchema,
  LocaleSchema,
  YearSchema,
  annotationStatuses,
  type Annotation,
  type AnnotationLink,
  type DocumentRecord,
  type Indicator,
  type Label,
  type Settings,
} from './model'
import type { ErrorCode, NoticeCode } from './messages'
import type { AgreementReport } from './agreement'
import { exchangeFormats, type ExportLoss } from './exchange/common'
import type { ImportProblem } from './exchange/resolve'
import { DecidedSpanSchema, WORKSPACE_SOURCE_ID, reviewActions, type ReviewState, type SourceSummary } from './review'
import type { CompareCellView, CompareRowView } from './compare'
import type { UnplacedFigure } from './compare-unplaced'
import { compareStatuses, followUpStatuses, type FollowUpStatus } from './compare-types'
import { MAX_IMPORT_ROWS_CEILING } from './model'
import type { AdoptPlan } from './adopt'
import { SyncSettingsSchema, type SyncConflict, type SyncReport, type SyncStatus } from './sync/status'

interface Operation<I extends z.ZodType, R> {
  input: I
  /** Phantom: carries the result type; never read at run time. */
  result?: R
}
function operation<R>() {
  return <I extends z.ZodType>(input: I): Operation<I, R> => ({ input })
}

const NoInput = z.object({}).strict()

export interface Notice {
  id: string
  code: NoticeCode
  message: string
  params: Record<string, string | number>
}

export interface WorkspaceInfo {
  dir: string
  name: string
  readOnly: boolean
  documentCount: number
  labels: Label[]
  indicators: Indicator[]
  settings: Settings
  notices: Notice[]
}

export interface DocumentSummary {
  id: string
  title: string
  year: number | null
  docType: DocumentRecord['meta']['docType']
  script: DocumentRecord['meta']['script']
  textLength: number
  /** Null until the document's annotation file has been read (see annotations.countAll). */
  annotationCount: number | null
  missing: boolean
  issuer?: string | null
  date?: string | null
  docNumber?: string | null
}

export interface DocumentWithText {
  document: DocumentRecord
  text: string
}

export interface AnnotationLinksResult {
  outgoing: Array<{ link: AnnotationLink; target: Annotation | null }>
  incoming: Array<{ link: AnnotationLink; from: Annotation }>
}

/** A dropped file may be as large as a chosen one (50 MB), base64 adds a third. */
export const MAX_DROPPED_BASE64 = Math.ceil((50 * 1024 * 1024 * 4) / 3) + 4

/** A file read for import, before the analyst confirms it (see import-preview.ts in main). */
export interface ImportPreview {
  token: string
  fileName: string
  format: string
  encoding: string
  detectedEncoding: string
  warnings: string[]
  characters: number
  /** The start of the text as it will be imported with every proposed rule on. */
  excerpt: string
  /** Each rule that would change this file, with a few of its changes in context. */
  cleanup: Array<{ ruleId: string; name: string; why: string; changes: number; examples: Array<{ before: string; after: string }> }>
  title: string
  meta: DocumentRecord['meta']
}

export interface ImportPreviewBatch {
  previews: ImportPreview[]
  failures: Array<{ fileName: string; error: ApiError }>
}

/** One occurrence of a workspace search, with the document it is in and a little context. */
export interface WorkspaceSearchHit {
  documentId: string
  title: string
  year: number | null
  docType: DocumentRecord['meta']['docType']
  script: DocumentRecord['meta']['script']
  /** UTF-16 offsets into the document text: text.slice(start, end) is the match as written. */
  start: number
  end: number
  before: string
  match: string
  after: string
}

export interface WorkspaceSearchResult {
  /** Every occurrence in the workspace; `hits` is the requested page of them. */
  total: number
  hits: WorkspaceSearchHit[]
}

export interface ImportFileResult {
  fileName: string
  status: 'imported' | 'duplicate' | 'failed'
  document?: DocumentSummary
  error?: ApiError
}

// ---- Compare across years (issue 5): filters, pages of the matrix, commitments, codebook ----
export const CompareFiltersSchema = z
  .object({
    labels: z.array(z.string().min(1).max(64)).max(20).optional(),
    docTypes: z.array(DocumentTypeSchema).max(10).optional(),
    issuers: z.array(z.string().max(300)).max(500).optional(),
    yearFrom: YearSchema.optional(),
    yearTo: YearSchema.optional(),
    statuses: z.array(z.enum(compareStatuses)).max(4).optional(),
    indicatorKeys: z.array(z.string().min(1).max(128)).max(10_000).optional(),
  })
  .strict()

/** One page of the matrix: every row is computed, a page of them travels. */
export interface ComparePage {
  years: number[]
  latestDocumentYear: number | null
  tolerancePercent: number
  totalRows: number
  offset: number
  rows: ComparePageRow[]
  /** Issuers of the workspace's documents, for the filter. */
  issuers: string[]
  /** Targets and achievements the filters keep that the matrix could not place, with the reason. */
  unplaced: UnplacedFigure[]
  /** How many there are in all: `unplaced` is the part asked for (unplacedOffset, unplacedLimit). */
  unplacedTotal: number
}

/** A cell of a page: with figuresPerCell, the first figures of each list (and the first convertible one), and how many there are. */
export type ComparePageCell = CompareCellView & { targetCount: number; actualCount: number }
export type ComparePageRow = Omit<CompareRowView, 'cells'> & { cells: ComparePageCell[] }

export interface CommitmentEntry {
  annotation: Annotation
  documentYear: number | null
  docType: DocumentRecord['meta']['docType']
  documentTitle: string
  /** The indicator set on it, or else one whose alias occurs in its quote; null for neither. */
  theme: string | null
  followUpStatus: FollowUpStatus
  /** Annotations linked to it as follow-ups (either end of a follow-up-of link). */
  followUps: Array<{ annotation: Annotation; documentYear: number | null; documentTitle: string }>
}

export interface FollowUpCandidate {
  documentId: string
  documentTitle: string
  documentYear: number | null
  start: number
  end: number
  text: string
  score: number
}

export interface IndicatorSuggestion {
  annotation: Annotation
  indicator: string
}

/** The Annotations table's columns, as main sorts them (issue 13). */
export const annotationTableColumns = ['label', 'quote', 'indicator', 'value', 'periodYear', 'documentTitle', 'documentYear', 'docType', 'author', 'updated'] as const
export type AnnotationTableColumn = (typeof annotationTableColumns)[number]

export const AnnotationTableQuerySchema = z
  .object({
    source: z.string().min(1).max(64).optional(),
    /** Only this document's rows (the table's "current document" scope). */
    documentId: DocumentIdSchema.optional(),
    filters: z
      .object({
        /** Case-insensitive, in the quote, indicator name, document title, label name or unit. */
        text: z.string().max(200).optional(),
        label: z.string().min(1).max(64).optional(),
        docType: DocumentTypeSchema.optional(),
        documentYear: YearSchema.optional(),
      })
      .strict()
      .default({}),
    sort: z.object({ column: z.enum(annotationTableColumns), desc: z.boolean() }).strict().optional(),
    /** Grouped by indicator: rows come ordered by indicator first, with each group's size. */
    groupByIndicator: z.boolean().default(false),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict()

/** One accepted annotation as the table shows it. */
export interface AnnotationTableRow {
  id: string
  documentId: string
  start: number
  end: number
  label: string
  quote: string
  /** The indicator's key; its name is the codebook's. */
  indicator: string | null
  indicatorName: string
  value: number | null
  unit: string
  comparator: string
  periodYear: number | null
  author: string
  /** The last change to the minute, as shown ('2026-11-26 15:04'). */
  updated: string
}

export interface AnnotationTablePage {
  /** Rows the filters keep, and rows in the scope (source, document) before filtering. */
  total: number
  unfiltered: number
  offset: number
  rows: AnnotationTableRow[]
  /** With groupByIndicator: the size of each group the page touches, by indicator key ('' for none). */
  groupSizes?: Record<string, number>
  /** While the row index is first read: how many documents are read so far; rows come once it is done. */
  building: { done: number; total: number } | null
}

export const api = {
  'workspace.info': operation<WorkspaceInfo>()(NoInput),
  /** Asks the user for a folder (through the shell's dialog) and creates a workspace there. */
  'workspace.create': operation<WorkspaceInfo | null>()(
    z.object({ withSeeds: z.boolean().default(false) }).strict(),
  ),
  /**
   * Asks the user for a workspace folder and opens it. With forceUnlock, opens again the folder
   * just refused for a lock the user may take over (another host, an unverifiable process),
   * taking the lock over: the renderer asks first.
   */
  'workspace.open': operation<WorkspaceInfo | null>()(z.object({ forceUnlock: z.boolean().optional() }).strict()),
  'workspace.dismissNotice': operation<WorkspaceInfo>()(z.object({ id: z.string() }).strict()),
  'settings.update': operation<Settings>()(
    z
      .object({
        locale: LocaleSchema.optional(),
        annotator: z.string().max(200).optional(),
        maxImportMegabytes: z.number().int().min(1).max(2048).optional(),
        approxTolerancePercent: z.number().min(0).max(100).optional(),
        maxImportRows: z.number().int().min(1).max(MAX_IMPORT_ROWS_CEILING).optional(),
      })
      .strict(),
  ),
  /** Answers at once; counts of annotation files not read yet are null. */
  'documents.list': operation<DocumentSummary[]>()(NoInput),
  /** Reads every annotation file (slow on a large workspace), then lists with all counts. */
  'annotations.countAll': operation<DocumentSummary[]>()(NoInput),
  'documents.get': operation<DocumentWithText>()(z.object({ id: DocumentIdSchema }).strict()),
  /** Asks the user for files (through the shell's dialog) and reads each into a preview. */
  'import.choose': operation<ImportPreviewBatch>()(NoInput),
  /** A file dropped on the window, as its bytes (base64): a sandboxed page has no paths. */
  'import.addBytes': operation<ImportPreviewBatch>()(
    z.object({ fileName: z.string().min(1).max(260), base64: z.string().max(MAX_DROPPED_BASE64) }).strict(),
  ),
  /** Reads a previewed file again with the encoding the analyst picked. */
  'import.reencode': operation<ImportPreview>()(
    z.object({ token: z.uuid(), encoding: z.string().min(1).max(40) }).strict(),
  ),
  /** Imports previewed files with the analyst's choices; a duplicate text is reported, not added. */
  'import.confirm': operation<ImportFileResult[]>()(
    z
      .object({
        items: z
          .array(
            z
              .object({
                token: z.uuid(),
                disabledRules: z.array(z.string().max(64)).max(50),
                title: z.string().max(300).optional(),
                meta: DocumentMetaSchema.partial().optional(),
              })
              .strict(),
          )
          .max(500),
      })
      .strict(),
  ),
  'import.discard': operation<null>()(z.object({ tokens: z.array(z.uuid()).max(500) }).strict()),
  'annotations.list': operation<Annotation[]>()(
    z.object({ documentId: DocumentIdSchema }).strict(),
  ),
  'annotations.create': operation<Annotation>()(
    z
      .object({
        /** A UUID made by the renderer, so the new annotation can be shown before it is saved. */
        id: z.uuid().optional(),
        documentId: DocumentIdSchema,
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
        label: z.string().min(1).max(64),
        attributes: AnnotationAttributesSchema.default({}),
      })
      .strict()
      .refine((span) => span.end > span.start, { message: 'end must be greater than start' }),
  ),
  'annotations.update': operation<Annotation>()(
    z
      .object({
        documentId: DocumentIdSchema,
        id: z.string().min(1).max(64),
        label: z.string().min(1).max(64).optional(),
        start: z.number().int().nonnegative().optional(),
        end: z.number().int().nonnegative().optional(),
        attributes: AnnotationAttributesSchema.optional(),
        links: z.array(AnnotationLinkSchema).max(1000).optional(),
        status: z.enum(annotationStatuses).optional(),
      })
      .strict(),
  ),
  /** Puts an annotation back as it was: undo of a delete, redo of a create. */
  'annotations.restore': operation<Annotation>()(z.object({ annotation: AnnotationSchema }).strict()),
  /** Every annotation of the workspace, for the workspace table and the link picker. */
  'annotations.listAll': operation<Annotation[]>()(z.object({ source: z.string().min(1).max(64).optional() }).strict()),
  /** An annotation's links both ways, with the annotations at their other ends. */
  'annotations.links': operation<AnnotationLinksResult>()(
    z.object({ documentId: DocumentIdSchema, id: z.string().min(1).max(64) }).strict(),
  ),
  /** Annotations matching a text (quote, indicator, document title; script-folded), for the link picker. */
  'annotations.search': operation<Annotation[]>()(
    z
      .object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20), excludeId: z.string().max(64).optional() })
      .strict(),
  ),
  /** Every document's text, script- and width-folded on both sides; pages in document order. */
  'search.workspace': operation<WorkspaceSearchResult>()(
    z
      .object({
        query: z.string().max(100),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(100).default(50),
      })
      .strict(),
  ),
  'labels.save': operation<Label[]>()(z.object({ label: LabelSchema }).strict()),
  'labels.delete': operation<Label[]>()(z.object({ key: z.string().min(1).max(64) }).strict()),
  'indicators.save': operation<Indicator[]>()(z.object({ indicator: IndicatorSchema }).strict()),
  'annotations.delete': operation<{ id: string }>()(
    z.object({ documentId: DocumentIdSchema, id: z.string().min(1).max(64) }).strict(),
  ),
  // ---- Suggestions (issue 7) ----
  /** Runs the suggestion engine on one document and stores its new proposals as status 'suggested'. */
  'suggest.document': operation<SuggestDocumentResult>()(z.object({ documentId: DocumentIdSchema }).strict()),
  // ---- Compare across years (issue 5) ----
  /** A page of the indicator × year matrix (DESIGN §7) over every accepted target and achievement. */
  'compare.matrix': operation<ComparePage>()(
    z
      .object({
        filters: CompareFiltersSchema.default({}),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(5000).default(200),
        source: z.string().min(1).max(64).optional(),
        /** At most this many targets and actuals of each cell travel (a cell of a large corpus holds tens of thousands). */
        figuresPerCell: z.number().int().min(0).max(1_000_000).optional(),
        /** The part of the unplaced list that travels; every one by default. */
        unplacedOffset: z.number().int().nonnegative().optional(),
        unplacedLimit: z.number().int().min(0).max(1_000_000).optional(),
      })
      .strict(),
  ),
  /** Writes the filtered matrix as CSV (UTF-8 with BOM) or XLSX where the user chooses; null if cancelled. */
  'compare.export': operation<{ path: string } | null>()(
    z.object({ format: z.enum(['csv', 'xlsx']), filters: CompareFiltersSchema.default({}), source: z.string().min(1).max(64).optional() }).strict(),
  ),
  /** Writes bytes (base64) or text made in the renderer (a chart, the codebook) where the user chooses. */
  'compare.saveFile': operation<{ path: string } | null>()(
    z
      .object({
        defaultName: z.string().min(1).max(200),
        extension: z.enum(['png', 'svg', 'json']),
        base64: z.string().max(50 * 1024 * 1024).optional(),
        text: z.string().max(50 * 1024 * 1024).optional(),
      })
      .strict()
      .refine((file) => (file.base64 === undefined) !== (file.text === undefined), { message: 'one of base64 or text' }),
  ),
  /** Commitments of the workspace with their follow-ups, oldest document first. */
  'commitments.list': operation<CommitmentEntry[]>()(z.object({ source: z.string().min(1).max(64).optional() }).strict()),
  /** Sentences of later documents that read like a follow-up of a commitment, best first. */
  'commitments.candidates': operation<FollowUpCandidate[]>()(
    z.object({ documentId: DocumentIdSchema, id: z.string().min(1).max(64), limit: z.number().int().min(1).max(50).default(8) }).strict(),
  ),
  /** Confirms a candidate: annotates the span as a commitment linked as a follow-up of the first. */
  'commitments.confirmFollowUp': operation<Annotation>()(
    z
      .object({
        commitment: z.object({ documentId: DocumentIdSchema, id: z.string().min(1).max(64) }).strict(),
        documentId: DocumentIdSchema,
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
      })
      .strict(),
  ),
  'commitments.setStatus': operation<Annotation>()(
    z.object({ documentId: DocumentIdSchema, id: z.string().min(1).max(64), status: z.enum(followUpStatuses) }).strict(),
  ),
  'indicators.delete': operation<Indicator[]>()(z.object({ key: z.string().min(1).max(128) }).strict()),
  /** Moves every annotation of `from` to `into`, adds from's name and aliases to into's, drops from. */
  'indicators.merge': operation<{ indicators: Indicator[]; moved: number }>()(
    z.object({ from: z.string().min(1).max(128), into: z.string().min(1).max(128) }).strict(),
  ),
  /** Adds or replaces indicators by key (a codebook exported from another workspace). */
  'indicators.import': operation<Indicator[]>()(z.object({ indicators: z.array(IndicatorSchema).max(20_000) }).strict()),
  /** Targets, achievements and commitments without an indicator, with one found by alias in their sentence. */
  'indicators.suggestions': operation<IndicatorSuggestion[]>()(z.object({ source: z.string().min(1).max(64).optional() }).strict()),
  // ---- Exchange and review (issue 6) ----
  /** Writes annotations (the workspace's own or a source's) where the user chooses; null if cancelled. */
  'exchange.export': operation<ExchangeExportResult | null>()(
    z
      .object({
        format: z.enum(exchangeFormats),
        documentIds: z.array(DocumentIdSchema).max(100_000).optional(),
        sourceId: z.string().min(1).max(64).default(WORKSPACE_SOURCE_ID),
        includeText: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Asks for annotation files (.pwb.json, .csv, .qdpx) and keeps each as a source; the workspace's own annotations are untouched. */
  'exchange.import': operation<ExchangeImportBatch>()(
    z
      .object({
        name: z.string().max(200).optional(),
        importDocuments: z.boolean().default(true),
        /** What to do when the file's content was imported before; absent: ask (the batch lists it under duplicates). */
        onDuplicate: z.enum(['replace', 'keep-both']).optional(),
      })
      .strict(),
  ),
  /** A dropped annotation file, as its bytes (base64). */
  'exchange.importBytes': operation<ExchangeImportBatch>()(
    z
      .object({
        fileName: z.string().min(1).max(260),
        base64: z.string().max(MAX_DROPPED_BASE64),
        name: z.string().max(200).optional(),
        importDocuments: z.boolean().default(true),
        onDuplicate: z.enum(['replace', 'keep-both']).optional(),
      })
      .strict(),
  ),
  'sources.list': operation<SourceSummary[]>()(NoInput),
  'sources.delete': operation<SourceSummary[]>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  /** The aligned units of a document across sources, with the decisions taken so far. */
  'review.units': operation<ReviewState>()(
    z.object({ documentId: DocumentIdSchema, sourceIds: z.array(z.string().min(1).max(64)).min(2).max(20) }).strict(),
  ),
  /** Settles a unit: the curated source gets `spans` (none for reject) in place of any earlier decision on it. */
  'review.decide': operation<ReviewState>()(
    z
      .object({
        documentId: DocumentIdSchema,
        sourceIds: z.array(z.string().min(1).max(64)).min(2).max(20),
        unitKey: z.string().min(1).max(20_000),
        action: z.enum(reviewActions),
        sourceId: z.string().max(64).optional(),
        spans: z.array(DecidedSpanSchema).max(50),
      })
      .strict(),
  ),
  /** Takes a decision back. */
  'review.undecide': operation<ReviewState>()(
    z
      .object({ documentId: DocumentIdSchema, sourceIds: z.array(z.string().min(1).max(64)).min(2).max(20), unitKey: z.string().min(1).max(20_000) })
      .strict(),
  ),
  'agreement.compute': operation<AgreementReport>()(
    z
      .object({ sourceIds: z.array(z.string().min(1).max(64)).min(2).max(20), documentIds: z.array(DocumentIdSchema).max(100_000).optional() })
      .strict(),
  ),
  /** Writes the agreement tables as CSV (UTF-8 with BOM) where the user chooses; null if cancelled. */
  'agreement.export': operation<{ path: string } | null>()(
    z
      .object({ sourceIds: z.array(z.string().min(1).max(64)).min(2).max(20), documentIds: z.array(DocumentIdSchema).max(100_000).optional() })
      .strict(),
  ),
  // ---- lossless exchange (issue 10) ----
  /** The answer to a duplicate import the batch listed: replace that source, keep both, or skip the file. */
  'exchange.resolveDuplicate': operation<ExchangeImportBatch>()(
    z.object({ token: z.string().min(1).max(64), choice: z.enum(['replace', 'keep-both', 'skip']) }).strict(),
  ),
  // ---- Documents editable (issue 12) ----
  /** Corrects a document's title and metadata (the text, and so every offset, stays as it is). */
  'documents.updateMeta': operation<DocumentRecord>()(
    z.object({ id: DocumentIdSchema, title: z.string().trim().min(1).max(300).optional(), meta: DocumentMetaSchema.partial().strict().optional() }).strict(),
  ),
  /** Moves a document's text, annotations and record to backups/deleted-documents/<id>/. */
  'documents.delete': operation<{ document: DocumentRecord; backup: string }>()(z.object({ id: DocumentIdSchema }).strict()),
  /** Puts a deleted document back from backups/, annotations and all. */
  'documents.restore': operation<DocumentRecord>()(z.object({ id: DocumentIdSchema }).strict()),
  /** Version, workspace folder and data folder, for Help ▸ About. */
  'app.info': operation<AppInfo>()(NoInput),
  // ---- Any source, every view; adoption (issue 10) ----
  /** What adopting a source (an imported one or 'curated') into the workspace's own would do, per document. */
  'sources.adoptPreview': operation<AdoptPreview>()(z.object({ source: z.string().min(1).max(64) }).strict()),
  /** Puts and removes annotations, one write per document: an adoption, or its undo. */
  'annotations.applyBatch': operation<Annotation[]>()(
    z
      .object({
        changes: z
          .array(z.object({ documentId: DocumentIdSchema, put: z.array(AnnotationSchema).max(100_000), remove: z.array(z.string().min(1).max(64)).max(100_000) }).strict())
          .max(100_000),
      })
      .strict(),
  ),
  // ---- Team sync (issue 11) ----
  /** Connects the workspace to a team CouchDB database; the password goes to the shell's keychain, never to the workspace. */
  'sync.configure': operation<SyncStatus>()(SyncSettingsSchema.extend({ password: z.string().max(1000).optional() }).strict()),
  'sync.status': operation<SyncStatus>()(NoInput),
  /** One sync: push the outbox, pull the server's changes, apply them; {pushed, pulled, conflicts, pending}. */
  'sync.run': operation<SyncReport>()(NoInput),
  /** Records with more than one version (edited on two machines), each version retrievable. */
  'sync.conflicts': operation<SyncConflict[]>()(NoInput),
  /** Keeps one version of a conflicted record; the others end as tombstones on the next push. */
  'sync.resolve': operation<SyncConflict[]>()(z.object({ id: z.string().min(1).max(25_000), rev: z.string().min(3).max(200) }).strict()),
  // ---- Big corpora: the Annotations table in pages (issue 13) ----
  /** One page of the Annotations table, filtered and sorted in main over a compact row index; `building` while that index is first read. */
  'annotations.page': operation<AnnotationTablePage>()(AnnotationTableQuerySchema),
} as const

export interface AppInfo {
  version: string
  /** The open workspace's folder, null when none is open. */
  workspaceDir: string | null
  /** Where the app keeps its own data (the default workspace, the last workspace opened); null where there is none (tests, the CLI). */
  dataDir: string | null
}

/** The preview of an adoption: the plan (src/shared/adopt.ts) with the documents' titles. */
export interface AdoptPreview {
  source: SourceSummary
  plan: AdoptPlan
  titles: Record<string, string>
  /** Ids of the workspace's own annotations, so links to them survive the adoption. */
  ownIds: string[]
}

export interface ExchangeExportResult {
  path: string
  annotations: number
  documents: number
  /** What the format could not carry, per REFI-QDA §7 and the CSV columns. */
  losses: ExportLoss[]
}

export interface ExchangeImportReport {
  fileName: string
  source: SourceSummary
  imported: number
  reanchored: number
  problems: ImportProblem[]
  createdIndicators: string[]
  createdLabels: string[]
  documentsAdded: Array<{ id: string; title: string }>
  /** Documents the file names that the workspace lacks and the file does not carry. */
  documentsMissing: string[]
}

export interface ExchangeImportBatch {
  reports: ExchangeImportReport[]
  failures: Array<{ fileName: string; error: ApiError }>
  /** Files whose content was imported before, waiting for exchange.resolveDuplicate. */
  duplicates?: ExchangeDuplicate[]
}

export interface ExchangeDuplicate {
  token: string
  fileName: string
  /** The source imported from the same content earlier. */
  sourceId: string
  sourceName: string
  /** The name the new source gets if both are kept. */
  copyName: string
  message: string
}

/** The proposals a run added; those overlapping a known annotation of their label are not made again. */
export interface SuggestDocumentResult {
  documentId: string
  added: Annotation[]
}

export type Api = typeof api
export type OperationName = keyof Api
export const operationNames = Object.keys(api) as OperationName[]

export type ApiInput<K extends OperationName> = z.input<Api[K]['input']>
export type ApiParsedInput<K extends OperationName> = z.output<Api[K]['input']>
export type ApiResult<K extends OperationName> =
  Api[K] extends Operation<z.ZodType, infer R> ? R : never

export interface ApiError {
  code: ErrorCode
  message: string
  params?: Record<string, string | number>
}

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: ApiError }

/** What every transport exposes to the renderer as `window.workbench`. */
export type WorkbenchBridge = {
  [K in OperationName]: (input: ApiInput<K>) => Promise<Outcome<ApiResult<K>>>
}

/** Events main pushes to the renderer (menu actions, progress of long work). */
export type WorkbenchEvent =
  | { type: 'workspace-changed' }
  | { type: 'menu'; command: 'workspace.create' | 'workspace.open' | 'import.choose' | 'exchange.import' }
  | { type: 'menu'; command: 'help.shortcuts' | 'help.about' }

export const IPC_INVOKE_CHANNEL = 'workbench:invoke'
export const IPC_EVENT_CHANNEL = 'workbench:event'

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(api, name)
}

/** Builds the renderer-facing bridge from one transport function (IPC, or the test bridge). */
export function createBridge(
  invoke: (operation: OperationName, input: unknown) => Promise<Outcome<unknown>>,
): WorkbenchBridge {
  return Object.fromEntries(
    operationNames.map((operation) => [operation, (input: unknown) => invoke(operation, input)]),
  ) as WorkbenchBridge
}

export interface WorkbenchEvents {
  subscribe(listener: (event: WorkbenchEvent) => void): () => void
}
