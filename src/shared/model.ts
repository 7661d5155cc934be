// The persisted model. Every file the store writes is described here, so that load-time
// validation and the TypeScript types can never drift apart.
import { z } from 'zod'
import { followUpStatuses } from './compare-types'

export const WORKSPACE_SCHEMA_VERSION = 1
export const ANNOTATION_FILE_SCHEMA_VERSION = 1

export const documentTypes = [
  'reply-to-npc-suggestion',
  'reply-to-cppcc-proposal',
  'action-plan',
  'work-summary-and-plan',
  'government-work-report',
  'other',
] as const
export const DocumentTypeSchema = z.enum(documentTypes)
export type DocumentType = z.infer<typeof DocumentTypeSchema>

export const ScriptSchema = z.enum(['zh-Hans', 'zh-Hant'])
export type Script = z.infer<typeof ScriptSchema>

export const LocaleSchema = z.enum(['zh-CN', 'en'])
export type Locale = z.infer<typeof LocaleSchema>

/** Document ids are the first 16 hex digits of the text's sha256, so ids double as file names. */
export const DocumentIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'document id: 16 hex digits')
export const YearSchema = z.number().int().min(1900).max(2200)

export const DocumentMetaSchema = z.object({
  year: YearSchema.nullable(),
  date: z.string().nullable(),
  docNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  docType: DocumentTypeSchema,
  script: ScriptSchema,
})
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>

export const DocumentRecordSchema = z.object({
  id: DocumentIdSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  title: z.string(),
  /** Length in UTF-16 code units, the unit of every offset inside the app. */
  textLength: z.number().int().nonnegative(),
  meta: DocumentMetaSchema,
  source: z.object({ fileName: z.string(), format: z.string(), encoding: z.string() }),
  importedAt: z.string(),
  cleanupApplied: z.array(z.string()),
})
export type DocumentRecord = z.infer<typeof DocumentRecordSchema>

export const LabelSchema = z.object({
  key: z.string().min(1).max(64),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  shortcut: z.string().max(1).nullable(),
})
export type Label = z.infer<typeof LabelSchema>

export const IndicatorSchema = z.object({
  key: z.string().min(1).max(128),
  name: z.string(),
  aliases: z.array(z.string()),
  unit: z.string(),
  higherIsBetter: z.boolean(),
})
export type Indicator = z.infer<typeof IndicatorSchema>

/** The highest row cap a user may set: past it an import would need gigabytes (issue 14). */
export const MAX_IMPORT_ROWS_CEILING = 5_000_000

export const SettingsSchema = z.object({
  locale: LocaleSchema,
  annotator: z.string().max(200),
  /** Files larger than this are refused at import, before they are read. */
  maxImportMegabytes: z.number().int().min(1).max(2048).default(50),
  /** Compare across years: how far below an ≈ target (in % of it) still counts as met. */
  approxTolerancePercent: z.number().min(0).max(100).default(5),
  /** Annotation files with more rows than this are refused at import: memory and time stay bounded. */
  maxImportRows: z.number().int().min(1).max(MAX_IMPORT_ROWS_CEILING).default(100_000),
})
export type Settings = z.infer<typeof SettingsSchema>

export const WorkspaceFileSchema = z.object({
  schemaVersion: z.literal(WORKSPACE_SCHEMA_VERSION),
  name: z.string(),
  createdAt: z.string(),
  documents: z.array(DocumentRecordSchema),
  labels: z.array(LabelSchema),
  indicators: z.array(IndicatorSchema),
  settings: SettingsSchema,
})
export type WorkspaceFile = z.infer<typeof WorkspaceFileSchema>

export const comparators = ['>', '>=', '=', '≈', '<=', '<'] as const
export const ComparatorSchema = z.enum(comparators)
export type Comparator = z.infer<typeof ComparatorSchema>

export const AnnotationAttributesSchema = z.object({
  indicator: z.string().max(128).optional(),
  value: z.number().finite().optional(),
  /** Upper bound when the figure is a range (6%－6.5%); `value` holds the lower bound. */
  valueMax: z.number().finite().optional(),
  unit: z.string().max(32).optional(),
  comparator: ComparatorSchema.optional(),
  periodYear: YearSchema.optional(),
  deadlineYear: YearSchema.optional(),
  note: z.string().max(10_000).optional(),
  /** A commitment's fate as the analyst judges it from later documents (compare across years). */
  followUpStatus: z.enum(followUpStatuses).optional(),
})
export type AnnotationAttributes = z.infer<typeof AnnotationAttributesSchema>

export const linkTypes = ['evidence-for', 'follow-up-of', 'same-as'] as const
export const AnnotationLinkSchema = z.object({
  type: z.enum(linkTypes),
  annotationId: z.string(),
  documentId: DocumentIdSchema,
})
export type AnnotationLink = z.infer<typeof AnnotationLinkSchema>

export const annotationStatuses = ['accepted', 'suggested', 'rejected'] as const

export const AnnotationSchema = z.object({
  id: z.string().min(1).max(64),
  documentId: DocumentIdSchema,
  /** UTF-16 code units into the document text; end is exclusive. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  quote: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  label: z.string().min(1).max(64),
  attributes: AnnotationAttributesSchema,
  links: z.array(AnnotationLinkSchema),
  status: z.enum(annotationStatuses),
  /** Set on proposals of the suggestion engine: how sure it was, and which rule made it. */
  suggestion: z.object({ confidence: z.number().min(0).max(1), rule: z.string().max(64) }).optional(),
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Annotation = z.infer<typeof AnnotationSchema>

export const AnnotationFileSchema = z.object({
  schemaVersion: z.literal(ANNOTATION_FILE_SCHEMA_VERSION),
  documentId: DocumentIdSchema,
  annotations: z.array(AnnotationSchema),
})
export type AnnotationFile = z.infer<typeof AnnotationFileSchema>

export const builtInLabels: Label[] = [
  { key: 'target', name: { 'zh-CN': '目标', en: 'Target' }, color: '#d9480f', shortcut: '1' },
  { key: 'achievement', name: { 'zh-CN': '成效', en: 'Achievement' }, color: '#2b8a3e', shortcut: '2' },
  { key: 'commitment', name: { 'zh-CN': '承诺', en: 'Commitment' }, color: '#1c7ed6', shortcut: '3' },
]

export const defaultSettings: Settings = { locale: 'zh-CN', annotator: '', maxImportMegabytes: 50, approxTolerancePercent: 5, maxImportRows: 100_000 }

/** Characters of context kept on each side of a quote, for re-anchoring (DESIGN §5). */
export const ANCHOR_CONTEXT_CHARS = 32
