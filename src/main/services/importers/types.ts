// The shape every importer returns, and the limits that keep a hostile file from exhausting
// memory (DESIGN §11: size and entry limits on imports).

export interface ImportLimits {
  /** Checked with stat before a byte is read. */
  maxFileBytes: number
  /** Total declared (and actual) uncompressed size of a zip container (.docx). */
  maxUncompressedBytes: number
  maxArchiveEntries: number
}

export const defaultImportLimits: ImportLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxArchiveEntries: 2000,
}

export type ImportFormat = 'txt' | 'docx' | 'html' | 'pdf'

export interface ExtractedDocument {
  fileName: string
  format: ImportFormat
  /** The encoding the text was decoded with: 'utf-8', 'utf-16le', 'gb18030', 'big5', … or 'n/a'. */
  encoding: string
  /** What detection found, even when the caller overrode it. */
  detectedEncoding: string
  /** Plain text, paragraphs separated by \n. */
  text: string
  /** Machine-readable codes, e.g. 'encoding-low-confidence', 'pdf-pages:12'. */
  warnings: string[]
}

/** Warning code a .txt import reports when it turned CRLF or CR into LF. */
export const LINE_ENDINGS_NORMALIZED = 'line-endings-normalized'
