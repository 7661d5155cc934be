// What a source's file holds (sources/<id>.json): the header, and for a source kept in one file
// its annotations, with the summary the source list shows and its annotations by document.
import { z } from 'zod'
import { AnnotationSchema, type Annotation } from '../../shared/model'
import { ReviewDecisionSchema, type SourceSummary } from '../../shared/review'

export const SOURCE_FILE_SCHEMA_VERSION = 1

const ProblemSchema = z.object({
  row: z.number(),
  document: z.string(),
  quote: z.string(),
  reason: z.string(),
  detail: z.string().optional(),
})

export const SourceFileSchema = z.object({
  schemaVersion: z.literal(SOURCE_FILE_SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string(),
  kind: z.enum(['imported', 'curated']),
  fileName: z.string(),
  format: z.string(),
  importedAt: z.string(),
  annotations: z.array(AnnotationSchema),
  problems: z.array(ProblemSchema),
  decisions: z.array(ReviewDecisionSchema),
  /** sha256 of the imported file's bytes, so importing the same content again can be noticed. */
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** Annotations kept one file per document beside this header (source-layer.ts), which then holds none: imports and teammates' layers. */
  layout: z.literal('per-document').optional(),
})
export type SourceFile = z.infer<typeof SourceFileSchema>

/** Annotations by document, each document's in the order given. */
export function byDocument(annotations: readonly Annotation[]): Map<string, Annotation[]> {
  const found = new Map<string, Annotation[]>()
  for (const annotation of annotations) {
    const list = found.get(annotation.documentId)
    if (list) list.push(annotation)
    else found.set(annotation.documentId, [annotation])
  }
  return found
}

/** A source's summary as its file has it (a per-document source's counts are made from its files instead). */
export function summary(file: SourceFile): SourceSummary {
  return {
    id: file.id,
    name: file.name,
    kind: file.kind,
    fileName: file.fileName,
    format: file.format,
    importedAt: file.importedAt,
    annotationCount: file.annotations.length,
    documentIds: [...new Set(file.annotations.map((annotation) => annotation.documentId))],
    ...(file.contentSha256 ? { contentSha256: file.contentSha256 } : {}),
  }
}
