// Reads a document file into text for the store: any format the importers read (text in any
// common Chinese encoding, .docx, saved web pages, PDFs). Every failure is an AppError naming the
// file, so a batch can report it and go on with the next file.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ImportPreviews } from './import-preview'
import { extractDocument, LINE_ENDINGS_NORMALIZED } from './importers'
import type { NewDocumentText } from './workspace-store'

export const DEFAULT_MAX_IMPORT_MB = 50

export async function readDocumentFile(
  path: string,
  maxMegabytes = DEFAULT_MAX_IMPORT_MB,
): Promise<NewDocumentText> {
  const extracted = await extractDocument(path, { limits: { maxFileBytes: maxMegabytes * 1024 * 1024 } })
  return {
    fileName: extracted.fileName,
    text: extracted.text,
    format: extracted.format,
    encoding: extracted.encoding,
    cleanupApplied: extracted.warnings.includes(LINE_ENDINGS_NORMALIZED) ? ['normalize-line-endings'] : [],
  }
}

/**
 * The sample corpus a new workspace starts with. The seeds are web and PDF captures like any
 * import, so they take the same road: the preview's proposed clean-up, every rule on, recorded on
 * the document (seed 003's `**` markers, seed 001's navigation lines).
 */
export async function readSeedDocuments(seedsDir: string): Promise<NewDocumentText[]> {
  const names = (await readdir(seedsDir)).filter((name) => name.endsWith('.txt')).sort()
  const previews = new ImportPreviews()
  const documents: NewDocumentText[] = []
  for (const name of names) {
    const preview = await previews.add({ kind: 'path', path: join(seedsDir, name) }, 'en')
    documents.push(previews.take(preview.token, { disabledRules: [] }))
  }
  return documents
}
