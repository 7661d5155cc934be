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
  IndicatorSchema,
  LabelSchema,
  LocaleSchema,
  annotationStatuses,
  type Annotation,
  type AnnotationLink,
  type DocumentRecord,
  type Indicator,
  type Label,
  type Settings,
} from './model'
import type { ErrorCode, NoticeCode } from './messages'

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
  /** Null until the document's annotation file has been read (see annotations.loadAll). */
  annotationCount: number | null
  missing: boolean
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

export const api = {
  'workspace.info': operation<WorkspaceInfo>()(NoInput),
  /** Asks the user for a folder (through the shell's dialog) and creates a workspace there. */
  'workspace.create': operation<WorkspaceInfo | null>()(
    z.object({ withSeeds: z.boolean().default(false) }).strict(),
  ),
  /** Asks the user for a workspace folder and opens it. */
  'workspace.open': operation<WorkspaceInfo | null>()(NoInput),
  'workspace.dismissNotice': operation<WorkspaceInfo>()(z.object({ id: z.string() }).strict()),
  'settings.update': operation<Settings>()(
    z
      .object({
        locale: LocaleSchema.optional(),
        annotator: z.string().max(200).optional(),
        maxImportMegabytes: z.number().int().min(1).max(2048).optional(),
      })
      .strict(),
  ),
  /** Answers at once; counts of annotation files not read yet are null. */
  'documents.list': operation<DocumentSummary[]>()(NoInput),
  /** Reads every annotation file (slow on a large workspace), then lists with all counts. */
  'annotations.loadAll': operation<DocumentSummary[]>()(NoInput),
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
  'annotations.listAll': operation<Annotation[]>()(NoInput),
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
} as const

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
  | { type: 'menu'; command: 'workspace.create' | 'workspace.open' | 'import.choose' }

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
