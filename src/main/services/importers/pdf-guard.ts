// What a PDF may cost before PDF.js sees it. PDF.js trusts a file's streams: a content stream
// compressed twice over ([/FlateDecode /FlateDecode]) takes a few kilobytes on disk and
// gigabytes once decoded, and PDF.js decodes it whole into one growing buffer while it reads
// the page's text. Declared sizes (a page of 10^30 points, /Count 10^8, /Size 10^8, a huge
// /Length) cost nothing — PDF.js checks them against the file — so this guard looks at what
// does cost: it decodes every stream the way PDF.js would, with Node's zlib and a byte budget,
// keeping nothing, and refuses the file when the budget runs out. A file that is not a PDF at
// all is refused before PDF.js (about 100 MB of code once loaded) is loaded. An encrypted PDF's
// streams cannot be decoded here; it may not stack expanding filters instead.
import { constants, inflateSync } from 'node:zlib'
import { AppError } from '../app-error'

/** Decoded bytes a PDF may hold: this many times its own size… */
export const PDF_DECODED_RATIO = 200
/** …but never less than this, so small real files are never near the limit. */
export const PDF_DECODED_FLOOR = 4 * 1024 * 1024

export function pdfDecodedBudget(fileBytes: number): number {
  return Math.max(PDF_DECODED_FLOOR, PDF_DECODED_RATIO * fileBytes)
}

class OverBudget extends Error {}

/** Bytes still allowed; every decoder draws on it as it produces output. */
class Budget {
  constructor(public remaining: number) {}
  take(bytes: number): void {
    this.remaining -= bytes
    if (this.remaining < 0) throw new OverBudget()
  }
}

function inflate(data: Buffer, budget: Budget): Buffer | null {
  try {
    // Z_SYNC_FLUSH: a truncated stream yields what it holds, as PDF.js reads it.
    const out = inflateSync(data, { maxOutputLength: Math.max(1, budget.remaining + 1), finishFlush: constants.Z_SYNC_FLUSH })
    budget.take(out.length)
    return out
  } catch (error) {
    if (error instanceof OverBudget || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new OverBudget()
    return null // not zlib data: PDF.js cannot decode it either
  }
}

function runLength(data: Buffer, budget: Budget): Buffer {
  const parts: Buffer[] = []
  for (let i = 0; i < data.length; ) {
    const n = data[i++]!
    if (n === 128) break
    if (n < 128) {
      const run = data.subarray(i, i + n + 1)
      budget.take(run.length)
      parts.push(run)
      i += n + 1
    } else {
      budget.take(257 - n)
      parts.push(Buffer.alloc(257 - n, data[i++] ?? 0))
    }
  }
  return Buffer.concat(parts)
}

function lzw(data: Buffer, budget: Budget, earlyChange = 1): Buffer {
  const parts: Buffer[] = []
  let table: Buffer[] = []
  const reset = () => {
    table = Array.from({ length: 258 }, (_, i) => Buffer.from([i]))
  }
  reset()
  let bits = 0
  let buffer = 0
  let width = 9
  let previous: Buffer | null = null
  for (const byte of data) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= width) {
      const code = (buffer >> (bits - width)) & ((1 << width) - 1)
      bits -= width
      buffer &= (1 << bits) - 1
      if (code === 256) {
        reset()
        width = 9
        previous = null
        continue
      }
      if (code === 257) return Buffer.concat(parts)
      let entry: Buffer
      if (code < table.length) entry = table[code]!
      else if (previous) entry = Buffer.concat([previous, previous.subarray(0, 1)])
      else return Buffer.concat(parts)
      budget.take(entry.length)
      parts.push(entry)
      if (previous && table.length < 4096) table.push(Buffer.concat([previous, entry.subarray(0, 1)]))
      previous = entry
      if (table.length + earlyChange >= 1 << width && width < 12) width++
    }
  }
  return Buffer.concat(parts)
}

function asciiHex(data: Buffer, budget: Budget): Buffer {
  const digits = data.toString('latin1').split('>')[0]!.replace(/[^0-9a-fA-F]/g, '')
  const out = Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex')
  budget.take(out.length)
  return out
}

function ascii85(data: Buffer, budget: Budget): Buffer {
  const text = data.toString('latin1').split('~>')[0]!.replace(/\s/g, '')
  const out: number[] = []
  let group: number[] = []
  const flush = (count: number) => {
    while (group.length < 5) group.push(84)
    let value = 0
    for (const digit of group) value = value * 85 + digit
    for (let i = 0; i < count - 1; i++) out.push((value >>> (24 - 8 * i)) & 0xff)
    group = []
  }
  for (const char of text) {
    if (char === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0)
      continue
    }
    const digit = char.charCodeAt(0) - 33
    if (digit < 0 || digit > 84) continue
    group.push(digit)
    if (group.length === 5) flush(5)
  }
  if (group.length > 1) flush(group.length)
  budget.take(out.length)
  return Buffer.from(out)
}

/** Decodes a stream through its filters, counting every stage's output; stops at a filter text extraction never runs. */
function decodeChain(data: Buffer, filters: string[] | null, budget: Budget): void {
  if (filters === null) {
    // A filter we could not resolve: count what repeated inflating would produce.
    let current: Buffer | null = data
    for (let depth = 0; depth < 8 && current; depth++) current = inflate(current, budget)
    return
  }
  let current: Buffer | null = data
  for (const filter of filters) {
    if (!current) return
    switch (filter) {
      case 'FlateDecode':
      case 'Fl':
        current = inflate(current, budget)
        break
      case 'LZWDecode':
      case 'LZW':
        current = lzw(current, budget)
        break
      case 'RunLengthDecode':
      case 'RL':
        current = runLength(current, budget)
        break
      case 'ASCIIHexDecode':
      case 'AHx':
        current = asciiHex(current, budget)
        break
      case 'ASCII85Decode':
      case 'A85':
        current = ascii85(current, budget)
        break
      default:
        // Image codecs (DCT, JPX, JBIG2, CCITT) and Crypt: never decoded to read text.
        return
    }
  }
}

/** The dictionary (`<< … >>`) that ends right before `end`, or null. */
function dictionaryBefore(text: string, end: number): string | null {
  let i = end - 1
  while (i >= 0 && /\s/.test(text[i]!)) i--
  if (text[i] !== '>' || text[i - 1] !== '>') return null
  let depth = 0
  for (let j = i; j > 0; j--) {
    if (text[j] === '>' && text[j - 1] === '>') {
      depth++
      j--
    } else if (text[j] === '<' && text[j - 1] === '<') {
      depth--
      j--
      if (depth === 0) return text.slice(j, i + 1)
    }
    if (i - j > 65_536) return null
  }
  return null
}

/** The direct value of an indirect object `n g obj`, or null when the file holds it elsewhere. */
function indirectValue(text: string, number: string, generation: string): string | null {
  const match = new RegExp(`(?:^|[^0-9])${number}\\s+${generation}\\s+obj\\s*([\\s\\S]{0,2048}?)\\s*endobj`).exec(text)
  return match ? match[1]! : null
}

const EXPANDING = new Set(['FlateDecode', 'Fl', 'LZWDecode', 'LZW', 'RunLengthDecode', 'RL'])

/**
 * An encrypted PDF's streams cannot be decoded here (PDF.js decrypts them with the empty user
 * password), but their filters are in plain text: one expanding filter is bounded (zlib at most
 * ~1,032:1), two in a row are how a bomb multiplies, and real files never need them.
 */
function nestedExpansion(filters: string[] | null): boolean {
  return filters === null || filters.filter((name) => EXPANDING.has(name)).length > 1
}

function filterNames(value: string): string[] {
  return [...value.matchAll(/\/([A-Za-z0-9]+)/g)].map((match) => match[1]!)
}

function filtersOf(dictionary: string, text: string): string[] | null {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+|(\d+)\s+(\d+)\s+R)/.exec(dictionary)
  if (!match) return []
  if (match[2] === undefined) return filterNames(match[1]!)
  const value = indirectValue(text, match[2], match[3]!)
  return value === null ? null : filterNames(value)
}

function lengthOf(dictionary: string, text: string): number | null {
  const match = /\/Length\s+(\d+)(?:\s+(\d+)\s+R)?/.exec(dictionary)
  if (!match) return null
  if (match[2] === undefined) return Number(match[1])
  const value = indirectValue(text, match[1]!, match[2])
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null
}

export interface PdfCostReport {
  streams: number
  decodedBytes: number
  budget: number
}

/**
 * Refuses a file that is not a PDF (FILE_CORRUPT) or whose streams decode to more than the
 * budget (PDF_DECODED_TOO_LARGE); returns what it counted otherwise.
 */
export function checkPdfCost(bytes: Uint8Array, path: string): PdfCostReport {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // PDF.js, like other readers, finds the header anywhere in the first kilobyte.
  if (!buffer.subarray(0, 1024).toString('latin1').includes('%PDF-')) throw new AppError('FILE_CORRUPT', { path, reason: 'no %PDF- header: not a PDF' })
  const text = buffer.toString('latin1')
  const budget = new Budget(pdfDecodedBudget(bytes.length))
  const encrypted = /\/Encrypt\s+(\d+\s+\d+\s+R|<<)/.test(text)
  const start = budget.remaining
  let streams = 0
  const keyword = /(?<![A-Za-z])stream(?:\r\n|\n|\r)/g
  try {
    for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
      const dictionary = dictionaryBefore(text, match.index)
      if (dictionary === null) continue
      const dataStart = match.index + match[0].length
      const declared = lengthOf(dictionary, text)
      const endstream = text.indexOf('endstream', dataStart)
      // PDF.js trusts /Length only when `endstream` follows it; otherwise it looks for `endstream`.
      const trusted = declared !== null && /^\s*endstream/.test(text.slice(dataStart + declared, dataStart + declared + 32))
      const dataEnd = trusted ? dataStart + declared! : endstream === -1 ? buffer.length : endstream
      streams++
      const filters = filtersOf(dictionary, text)
      if (encrypted && nestedExpansion(filters)) throw new OverBudget()
      decodeChain(buffer.subarray(dataStart, dataEnd), filters, budget)
      keyword.lastIndex = Math.max(keyword.lastIndex, Math.min(dataEnd, endstream === -1 ? dataEnd : endstream))
    }
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error
    throw new AppError('PDF_DECODED_TOO_LARGE', {
      path,
      limit: String(Math.round(start / 1024 / 1024)),
      ratio: PDF_DECODED_RATIO,
    })
  }
  return { streams, decodedBytes: start - budget.remaining, budget: start }
}
