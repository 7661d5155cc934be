// The import preview: files are read and decoded first, the clean-up each rule would make and
// the metadata detected are shown, and only what the analyst confirms becomes a document.
// Document text is immutable after import, so every choice is made here, before it.
import { randomUUID } from 'node:crypto'
import { cleanupRules, previewCleanup, applyCleanup } from '../../shared/cleanup'
import { detectMetadata } from '../../shared/metadata'
import type { ImportPreview } from '../../shared/api'
import type { DocumentMeta, Locale } from '../../shared/model'
import { AppError } from './app-error'
import { extractDocument, extractDocumentBytes, LINE_ENDINGS_NORMALIZED, type ExtractedDocument, type ImportLimits } from './importers'
import type { NewDocumentText } from './workspace-store'

export type ImportSource = { kind: 'path'; path: string } | { kind: 'bytes'; fileName: string; bytes: Uint8Array }

export interface ImportChoices {
  /** Rules the analyst switched off for this file. */
  disabledRules: string[]
  title?: string
  meta?: Partial<DocumentMeta>
}

const EXAMPLES_PER_RULE = 3
const CONTEXT = 12
const EXCERPT = 600

function excerptAround(text: string, start: number, end: number, replacement: string) {
  const before = text.slice(Math.max(0, start - CONTEXT), Math.min(text.length, end + CONTEXT))
  const after = text.slice(Math.max(0, start - CONTEXT), start) + replacement + text.slice(end, end + CONTEXT)
  return { before, after }
}

interface Pending {
  source: ImportSource
  extracted: ExtractedDocument
}

/** Previews waiting for the analyst's decision, by token. A session keeps one of these. */
export class ImportPreviews {
  private readonly pending = new Map<string, Pending>()

  /** `limits` is asked at each read, so a changed setting applies to the next file. */
  constructor(private readonly limits: () => Partial<ImportLimits> = () => ({})) {}

  private async extract(source: ImportSource, encoding?: string): Promise<ExtractedDocument> {
    const options = { limits: this.limits(), encoding }
    return source.kind === 'path'
      ? extractDocument(source.path, options)
      : extractDocumentBytes(source.fileName, source.bytes, options)
  }

  private describe(token: string, extracted: ExtractedDocument, locale: Locale): ImportPreview {
    const proposals = previewCleanup(extracted.text)
    const enabled = proposals.map(({ rule }) => rule.id)
    const cleaned = applyCleanup(extracted.text, enabled).text
    const detected = detectMetadata(cleaned, extracted.fileName)
    return {
      token,
      fileName: extracted.fileName,
      format: extracted.format,
      encoding: extracted.encoding,
      detectedEncoding: extracted.detectedEncoding,
      warnings: extracted.warnings,
      characters: cleaned.length,
      excerpt: cleaned.slice(0, EXCERPT),
      cleanup: proposals.map(({ rule, changes }) => ({
        ruleId: rule.id,
        name: rule.name[locale],
        why: rule.why[locale],
        changes: changes.length,
        examples: changes
          .slice(0, EXAMPLES_PER_RULE)
          .map((change) => excerptAround(extracted.text, change.start, change.end, change.inserted)),
      })),
      title: detected.title,
      meta: detected.meta,
    }
  }

  /** Reads one file; a file that cannot be read throws an AppError naming it. */
  async add(source: ImportSource, locale: Locale): Promise<ImportPreview> {
    const extracted = await this.extract(source)
    const token = randomUUID()
    this.pending.set(token, { source, extracted })
    return this.describe(token, extracted, locale)
  }

  /** Reads the file again with the encoding the analyst chose. */
  async reencode(token: string, encoding: string, locale: Locale): Promise<ImportPreview> {
    const entry = this.entry(token)
    entry.extracted = await this.extract(entry.source, encoding)
    return this.describe(token, entry.extracted, locale)
  }

  /** The document to import, with the rules the analyst kept; forgets the preview. */
  take(token: string, choices: ImportChoices): NewDocumentText {
    const { extracted } = this.entry(token)
    this.pending.delete(token)
    const enabled = cleanupRules.map((rule) => rule.id).filter((id) => !choices.disabledRules.includes(id))
    const { text, applied } = applyCleanup(extracted.text, enabled)
    return {
      fileName: extracted.fileName,
      text,
      format: extracted.format,
      encoding: extracted.encoding,
      cleanupApplied: [...(extracted.warnings.includes(LINE_ENDINGS_NORMALIZED) ? ['normalize-line-endings'] : []), ...applied],
      title: choices.title,
      meta: choices.meta,
    }
  }

  discard(token: string): void {
    this.pending.delete(token)
  }

  private entry(token: string): Pending {
    const entry = this.pending.get(token)
    if (!entry) throw new AppError('IMPORT_PREVIEW_EXPIRED', {})
    return entry
  }
}
