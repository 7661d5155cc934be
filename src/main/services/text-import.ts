// Reads a document file into text for the store. Plain UTF-8 text for now; every failure is
// an AppError naming the file, so a batch can report it and go on with the next file.
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { AppError } from './app-error'
import { isErrorCode } from './durable-file'
import type { NewDocumentText } from './workspace-store'

export const DEFAULT_MAX_IMPORT_MB = 50

export async function readDocumentFile(
  path: string,
  maxMegabytes = DEFAULT_MAX_IMPORT_MB,
): Promise<NewDocumentText> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch (error) {
    const reason = isErrorCode(error, 'ENOENT') ? 'no such file' : (error as Error).message
    throw new AppError('FILE_UNREADABLE', { path, reason })
  }
  if (size > maxMegabytes * 1024 * 1024) {
    throw new AppError('FILE_TOO_LARGE', { path, size: (size / 1024 / 1024).toFixed(1), limit: maxMegabytes })
  }
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new AppError('FILE_UNREADABLE', { path, reason: (error as Error).message })
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new AppError('FILE_NOT_UTF8', { path })
  }
  const cleanupApplied: string[] = []
  if (text.includes('\r')) {
    text = text.replace(/\r\n?/g, '\n')
    cleanupApplied.push('normalize-line-endings')
  }
  if (text.trim() === '') throw new AppError('FILE_EMPTY', { path })
  return {
    fileName: basename(path),
    text,
    format: extname(path).slice(1).toLowerCase() || 'txt',
    encoding: 'utf-8',
    cleanupApplied,
  }
}

/** The sample corpus a new workspace starts with. */
export async function readSeedDocuments(seedsDir: string): Promise<NewDocumentText[]> {
  const names = (await readdir(seedsDir)).filter((name) => name.endsWith('.txt')).sort()
  return Promise.all(names.map((name) => readDocumentFile(join(seedsDir, name))))
}
