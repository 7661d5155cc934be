// Vets a zip container (.docx) before any library inflates it. The central directory is read
// by hand so a zip bomb is refused from its declared sizes alone; then every entry is inflated
// here with a hard cap, because declared sizes can lie and the docx library (JSZip) would
// inflate whatever the stream holds.
import { Inflate } from 'fflate'
import { AppError } from '../app-error'
import type { ImportLimits } from './types'

export interface ZipEntry {
  name: string
  flags: number
  method: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL_HEADER = 0x02014b50
const LOCAL_HEADER = 0x04034b50

/** Office XML compresses 10–30:1; far beyond that, a large entry is a bomb, not a document. */
const MAX_RATIO = 100
const RATIO_APPLIES_ABOVE = 1024 * 1024
const INFLATE_CHUNK = 16 * 1024

export function checkZip(bytes: Uint8Array, limits: ImportLimits, path: string): ZipEntry[] {
  const entries = readCentralDirectory(bytes, limits, path)
  let declared = 0
  for (const entry of entries) {
    if (entry.flags & 1) throw new AppError('FILE_ENCRYPTED', { path })
    if (entry.method !== 0 && entry.method !== 8) {
      throw corrupt(path, `compression method ${entry.method}`)
    }
    declared += entry.uncompressedSize
    if (declared > limits.maxUncompressedBytes) {
      throw new AppError('ARCHIVE_TOO_LARGE', { path, size: megabytes(declared), limit: megabytes(limits.maxUncompressedBytes) })
    }
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1)
    if (entry.uncompressedSize > RATIO_APPLIES_ABOVE && ratio > MAX_RATIO) {
      throw new AppError('ARCHIVE_SUSPICIOUS', { path, entry: entry.name, ratio: Math.round(ratio) })
    }
  }
  for (const entry of entries) inflateBounded(bytes, entry, path)
  return entries
}

function readCentralDirectory(bytes: Uint8Array, limits: ImportLimits, path: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const eocd = findEndOfCentralDirectory(view)
  if (eocd < 0) throw corrupt(path, 'no zip directory (the file is truncated or not a zip)')
  let count = view.getUint16(eocd + 10, true)
  let offset = view.getUint32(eocd + 16, true)
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = eocd - 20
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw corrupt(path, 'bad zip64 directory')
    const zip64 = safeNumber(view.getBigUint64(locator + 8, true))
    if (zip64 + 56 > bytes.length || view.getUint32(zip64, true) !== ZIP64_EOCD) throw corrupt(path, 'bad zip64 directory')
    count = safeNumber(view.getBigUint64(zip64 + 32, true))
    offset = safeNumber(view.getBigUint64(zip64 + 48, true))
  }
  if (count > limits.maxArchiveEntries) {
    throw new AppError('ARCHIVE_TOO_MANY_ENTRIES', { path, count, limit: limits.maxArchiveEntries })
  }
  const entries: ZipEntry[] = []
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_HEADER) {
      throw corrupt(path, 'damaged zip directory')
    }
    const nameLength = view.getUint16(offset + 28, true)
    const extraLength = view.getUint16(offset + 30, true)
    const commentLength = view.getUint16(offset + 32, true)
    const end = offset + 46 + nameLength + extraLength + commentLength
    if (end > bytes.length) throw corrupt(path, 'damaged zip directory')
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      flags: view.getUint16(offset + 8, true),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    }
    applyZip64Extra(view, offset + 46 + nameLength, extraLength, entry)
    entries.push(entry)
    offset = end
  }
  return entries
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const last = view.byteLength - 22
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === EOCD) return at
  }
  return -1
}

/** Sizes and offsets too big for 32 bits are 0xFFFFFFFF, the real value in extra field 0x0001. */
function applyZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const fields = ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const
  for (let at = start; at + 4 <= start + length;) {
    const id = view.getUint16(at, true)
    const size = view.getUint16(at + 2, true)
    if (id === 0x0001) {
      let next = at + 4
      for (const field of fields) {
        if (entry[field] === 0xffffffff && next + 8 <= at + 4 + size) {
          entry[field] = safeNumber(view.getBigUint64(next, true))
          next += 8
        }
      }
    }
    at += 4 + size
  }
}

function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value)
}

function inflateBounded(bytes: Uint8Array, entry: ZipEntry, path: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const header = entry.localHeaderOffset
  if (header + 30 > bytes.length || view.getUint32(header, true) !== LOCAL_HEADER) {
    throw corrupt(path, `damaged entry ${entry.name}`)
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true)
  const end = start + entry.compressedSize
  if (end > bytes.length) throw corrupt(path, `truncated entry ${entry.name}`)
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw corrupt(path, `damaged entry ${entry.name}`)
    return
  }
  let produced = 0
  const inflater = new Inflate((chunk) => {
    produced += chunk.length
    // Stop the moment an entry outgrows what it declared: its declared size passed the limits.
    if (produced > entry.uncompressedSize) throw corrupt(path, `entry ${entry.name} is larger than it declares`)
  })
  try {
    for (let at = start; at < end; at += INFLATE_CHUNK) {
      inflater.push(bytes.subarray(at, Math.min(at + INFLATE_CHUNK, end)), at + INFLATE_CHUNK >= end)
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw corrupt(path, `entry ${entry.name}: ${(error as Error).message}`)
  }
  if (produced !== entry.uncompressedSize) throw corrupt(path, `damaged entry ${entry.name}`)
}

function corrupt(path: string, reason: string): AppError {
  return new AppError('FILE_CORRUPT', { path, reason })
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1)
}
