// Word documents: vet the zip ourselves (zip-guard), then let mammoth read the text.
import mammoth from 'mammoth'
import { AppError } from '../app-error'
import type { ImportLimits } from './types'
import { checkZip } from './zip-guard'

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]

export async function extractDocx(bytes: Uint8Array, path: string, limits: ImportLimits): Promise<string> {
  if (hasPrefix(bytes, CFB_MAGIC)) throw compoundFileError(bytes, path)
  if (!hasPrefix(bytes, ZIP_MAGIC)) throw new AppError('FILE_CORRUPT', { path, reason: 'not a Word .docx file' })
  checkZip(bytes, limits, path)
  let raw: string
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value
  } catch (error) {
    throw new AppError('FILE_CORRUPT', { path, reason: (error as Error).message })
  }
  // mammoth ends every paragraph with a blank line; an empty Word paragraph is spacing, not text.
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n')
}

/**
 * Word wraps a password-protected .docx in an OLE compound file, the same container as the old
 * binary .doc format; the stream names (UTF-16 in the directory) tell the two apart.
 */
function compoundFileError(bytes: Uint8Array, path: string): AppError {
  const has = (name: string) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'))
  if (has('WordDocument') && !has('EncryptedPackage')) return new AppError('LEGACY_WORD_FORMAT', { path })
  return new AppError('FILE_ENCRYPTED', { path })
}

export function hasPrefix(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte)
}
