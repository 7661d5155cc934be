// Importers for the files analysts actually get: GBK/Big5/UTF-16 text, Word, saved web pages
// and PDFs. Every failure is an AppError naming the file, so a batch reports it and goes on.
import { open, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { AppError } from '../app-error'
import { isErrorCode } from '../durable-file'
import { decodeText, looksBinary, LOW_CONFIDENCE } from './decode-text'
import { extractDocx, hasPrefix } from './docx'
import { extractHtml } from './html'
import { extractPdf } from './pdf'
import { defaultImportLimits, LINE_ENDINGS_NORMALIZED, type ExtractedDocument, type ImportFormat, type ImportLimits } from './types'

export { canonicalEncoding, decodeText, type DecodedText } from './decode-text'
export { defaultImportLimits, LINE_ENDINGS_NORMALIZED, type ExtractedDocument, type ImportFormat, type ImportLimits } from './types'

export interface ExtractOptions {
  limits?: Partial<ImportLimits>
  /** Forces a text encoding for .txt and .html (the manual override in the import preview). */
  encoding?: string
}

const FORMATS: Record<string, ImportFormat | 'doc'> = {
  '.txt': 'txt',
  '.docx': 'docx',
  '.doc': 'doc',
  '.html': 'html',
  '.htm': 'html',
  '.shtml': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
}

export async function extractDocument(path: string, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const limits: ImportLimits = { ...defaultImportLimits, ...options.limits }
  const ext = extname(path).toLowerCase()
  if (FORMATS[ext] === undefined) throw new AppError('UNSUPPORTED_FORMAT', { path, ext: ext || basename(path) })
  const bytes = await readLimited(path, limits.maxFileBytes)
  return extractDocumentBytes(path, bytes, options)
}

/**
 * The same for bytes already in memory: a file dropped on the window reaches main as its
 * contents (a sandboxed page has no paths). `path` names it in messages; its extension decides
 * the format.
 */
export async function extractDocumentBytes(path: string, bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const limits: ImportLimits = { ...defaultImportLimits, ...options.limits }
  const ext = extname(path).toLowerCase()
  const claimed = FORMATS[ext]
  if (claimed === undefined) throw new AppError('UNSUPPORTED_FORMAT', { path, ext: ext || basename(path) })
  tooLargeCheck(path, bytes.length, limits.maxFileBytes)
  if (bytes.length === 0) throw new AppError('FILE_EMPTY', { path })
  const format = claimed === 'doc' ? sniffDoc(bytes, path) : claimed
  const base = { fileName: basename(path), format }
  let result: ExtractedDocument
  switch (format) {
    case 'txt':
      result = { ...base, ...extractTxt(bytes, path, options.encoding) }
      break
    case 'html':
      result = { ...base, ...extractHtml(bytes, path, options.encoding) }
      break
    case 'docx':
      result = { ...base, encoding: 'n/a', detectedEncoding: 'n/a', text: await extractDocx(bytes, path, limits), warnings: [] }
      break
    case 'pdf':
      result = { ...base, encoding: 'n/a', detectedEncoding: 'n/a', ...(await extractPdf(bytes, path)) }
      break
  }
  if (result.text.trim() === '') throw new AppError('FILE_EMPTY', { path })
  return result
}

/** The size is checked on the open file before a byte is read, and again on what was read. */
async function readLimited(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new AppError('FILE_UNREADABLE', { path, reason: 'not a file' })
    tooLargeCheck(path, info.size, maxBytes)
    handle = await open(path, 'r')
    const bytes = await handle.readFile()
    tooLargeCheck(path, bytes.length, maxBytes)
    return bytes
  } catch (error) {
    if (error instanceof AppError) throw error
    const reason = isErrorCode(error, 'ENOENT') ? 'no such file' : (error as Error).message
    throw new AppError('FILE_UNREADABLE', { path, reason })
  } finally {
    await handle?.close()
  }
}

function tooLargeCheck(path: string, size: number, maxBytes: number): void {
  if (size > maxBytes) throw new AppError('FILE_TOO_LARGE', { path, size: megabytes(size), limit: megabytes(maxBytes) })
}

function megabytes(bytes: number): string {
  return String(Number((bytes / 1024 / 1024).toPrecision(3)))
}

/** Government sites often serve HTML or a .docx under a .doc name; only a real .doc is refused. */
function sniffDoc(bytes: Uint8Array, path: string): ImportFormat {
  if (hasPrefix(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'docx'
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').toLowerCase()
  if (/<html|<!doctype html/.test(head)) return 'html'
  throw new AppError('LEGACY_WORD_FORMAT', { path })
}

/** Signatures of the binary files most often renamed to .txt; text can never start so. */
const BINARY_SIGNATURES = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // zip: .docx, .xlsx
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // OLE: .doc, .xls
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
]

function extractTxt(bytes: Uint8Array, path: string, override?: string) {
  if (BINARY_SIGNATURES.some((signature) => hasPrefix(bytes, signature))) throw new AppError('FILE_BINARY', { path })
  const decoded = decodeText(bytes, override)
  if (looksBinary(decoded.text)) throw new AppError('FILE_BINARY', { path })
  const warnings: string[] = []
  if (decoded.confidence < LOW_CONFIDENCE) warnings.push('encoding-low-confidence')
  const replaced = decoded.text.match(/\uFFFD/g)?.length ?? 0
  if (replaced > 0) warnings.push(`encoding-replacement-chars:${replaced}`)
  let text = decoded.text
  if (text.includes('\r')) {
    text = text.replace(/\r\n?/g, '\n')
    warnings.push(LINE_ENDINGS_NORMALIZED)
  }
  return { encoding: decoded.encoding, detectedEncoding: decoded.detectedEncoding, text, warnings }
}
