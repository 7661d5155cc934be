// Bytes → text for files that carry no reliable charset: BOM, then UTF-16 by its NUL pattern,
// then strict UTF-8, then the legacy Chinese code pages. Detectors (chardet) are unreliable on
// short Chinese texts and confuse GBK with Big5, so the two are decided by which decoding reads
// as common Chinese; chardet only speaks for files that are not Chinese at all.
import chardet from 'chardet'
import iconv from 'iconv-lite'
import { AppError } from '../app-error'

export interface DecodedText {
  text: string
  encoding: string
  detectedEncoding: string
  /** 0–1: how sure detection is; 1 for a BOM or valid UTF-8. */
  confidence: number
}

/** Below this, the preview should invite the analyst to check the encoding. */
export const LOW_CONFIDENCE = 0.8

/** Enough of a large file to decide on; decoding it all for each candidate would cost seconds. */
const SAMPLE_BYTES = 64 * 1024

export function decodeText(bytes: Uint8Array, override?: string): DecodedText {
  const detected = detectEncoding(bytes)
  if (override === undefined) {
    return { text: decodeWith(bytes, detected.encoding), encoding: detected.encoding, detectedEncoding: detected.encoding, confidence: detected.confidence }
  }
  const encoding = canonicalEncoding(override)
  if (encoding === null) throw new AppError('ENCODING_UNSUPPORTED', { encoding: override })
  return { text: decodeWith(bytes, encoding), encoding, detectedEncoding: detected.encoding, confidence: detected.confidence }
}

/**
 * The name this module reports for an encoding label, or null when iconv-lite cannot decode it.
 * GBK and GB2312 are subsets of GB18030, so all three decode as GB18030 (as browsers do).
 */
export function canonicalEncoding(label: string): string | null {
  const key = label.trim().toLowerCase().replace(/[\s_]/g, '-')
  const aliases: Record<string, string> = {
    utf8: 'utf-8', 'utf-8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
    'utf-16': 'utf-16le', 'utf16le': 'utf-16le', 'utf-16le': 'utf-16le', unicode: 'utf-16le',
    'utf16be': 'utf-16be', 'utf-16be': 'utf-16be',
    gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', 'gb-2312': 'gb18030', 'gb-2312-80': 'gb18030',
    'x-gbk': 'gb18030', cp936: 'gb18030', 'windows-936': 'gb18030', 'csgb2312': 'gb18030', 'euc-cn': 'gb18030', chinese: 'gb18030',
    big5: 'big5', 'big5-hkscs': 'big5', big5hkscs: 'big5', cp950: 'big5', 'x-x-big5': 'big5', 'cn-big5': 'big5', csbig5: 'big5',
  }
  if (key in aliases) return aliases[key]
  return key !== '' && iconv.encodingExists(key) ? key : null
}

export function decodeWith(bytes: Uint8Array, encoding: string): string {
  // iconv-lite drops a leading BOM for the encoding it decodes.
  return iconv.decode(asBuffer(bytes), encoding === 'big5' ? 'big5hkscs' : encoding)
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

interface Detection {
  encoding: string
  confidence: number
}

export function detectEncoding(bytes: Uint8Array): Detection {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', confidence: 1 }
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', confidence: 1 }
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', confidence: 1 }
  const sample = bytes.subarray(0, SAMPLE_BYTES)
  const byNuls = utf16ByNulPattern(sample)
  if (byNuls) return byNuls
  if (isStrictUtf8(bytes)) return { encoding: 'utf-8', confidence: 1 }
  const byCharacters = utf16ByCharacters(sample)
  if (byCharacters) return byCharacters
  const chinese = bestChineseDecoding(sample)
  if (chinese.confidence >= 0.5) return chinese
  const guess = chardetGuess(sample)
  return guess && guess.confidence > chinese.confidence ? guess : chinese
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte)
}

/**
 * Text in UTF-16 has a NUL in every ASCII character's other half, so NULs pile up on one side
 * (odd offsets for LE, even for BE).
 */
function utf16ByNulPattern(sample: Uint8Array): Detection | null {
  const pairs = Math.floor(sample.length / 2)
  if (pairs === 0) return null
  let even = 0
  let odd = 0
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) even++
    if (sample[i + 1] === 0) odd++
  }
  const [high, low, encoding] = odd >= even ? [odd, even, 'utf-16le'] : [even, odd, 'utf-16be']
  if (high / pairs >= 0.2 && low / pairs <= 0.02) {
    return { encoding, confidence: Math.min(1, 0.5 + high / pairs) }
  }
  return null
}

/** Chinese-only UTF-16 has few NULs; it is recognised by the characters it decodes to. */
function utf16ByCharacters(sample: Uint8Array): Detection | null {
  if (sample.length % 2 !== 0) return null
  for (const candidate of ['utf-16le', 'utf-16be']) {
    const score = scoreChinese(decodeWith(sample, candidate))
    if (score.nonAscii >= 4 && score.ratio >= 0.9) return { encoding: candidate, confidence: score.ratio }
  }
  return null
}

function isStrictUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * GB18030 or Big5, whichever decodes to more common Chinese characters. A wrong guess decodes to
 * rare characters, kana, Hangul, private-use code points and U+FFFD.
 */
function bestChineseDecoding(sample: Uint8Array): Detection {
  const [first, second] = (['gb18030', 'big5'] as const)
    .map((encoding) => ({ encoding, ...scoreChinese(decodeWith(sample, encoding)) }))
    .sort((a, b) => b.ratio - a.ratio)
  // A handful of characters proves little; neither does a near tie.
  const evidence = Math.min(1, first.nonAscii / 20)
  const margin = Math.min(1, (first.ratio - second.ratio) * 4)
  return { encoding: first.encoding, confidence: round(first.ratio * (0.5 + 0.5 * Math.min(evidence, margin))) }
}

function chardetGuess(sample: Uint8Array): Detection | null {
  for (const match of chardet.analyse(sample)) {
    const encoding = canonicalEncoding(match.name)
    if (encoding && !encoding.startsWith('utf-')) return { encoding, confidence: round(match.confidence / 100) }
  }
  return null
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

interface ChineseScore {
  /** Characters outside ASCII. */
  nonAscii: number
  /** Share of them that are common Chinese characters or CJK punctuation. */
  ratio: number
}

export function scoreChinese(text: string): ChineseScore {
  const common = commonHan()
  let nonAscii = 0
  let good = 0
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code < 0x80) continue
    nonAscii++
    if (common.has(char) || isCjkPunctuation(code)) good++
  }
  return { nonAscii, ratio: nonAscii === 0 ? 0 : good / nonAscii }
}

function isCjkPunctuation(code: number): boolean {
  return (code >= 0x3000 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff5e) ||
    (code >= 0x2010 && code <= 0x2027) || code === 0x00b7
}

let commonHanSet: Set<string> | null = null

/**
 * The 3,755 level-1 characters of GB2312 and the 5,401 common characters of Big5: what a
 * correctly decoded simplified or traditional text is nearly all made of. Built by decoding
 * those code ranges, so the list is the code pages' own, not one typed in here.
 */
function commonHan(): Set<string> {
  if (commonHanSet) return commonHanSet
  const set = new Set<string>()
  const collect = (encoding: string, leads: [number, number], trails: Array<[number, number]>, last: number) => {
    const bytes: number[] = []
    for (let lead = leads[0]; lead <= leads[1]; lead++) {
      for (const [from, to] of trails) {
        for (let trail = from; trail <= to; trail++) {
          if (lead * 256 + trail <= last) bytes.push(lead, trail)
        }
      }
    }
    for (const char of decodeWith(Uint8Array.from(bytes), encoding)) {
      if (/\p{Script=Han}/u.test(char)) set.add(char)
    }
  }
  collect('gb18030', [0xb0, 0xd7], [[0xa1, 0xfe]], 0xd7f9)
  collect('big5', [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]], 0xc67e)
  commonHanSet = set
  return set
}

/**
 * Bytes that are not text: NULs and control characters other than tab, line breaks, form feed
 * and the DOS end-of-file mark. Real text has none or a stray few; binary has them everywhere.
 */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, SAMPLE_BYTES)
  if (sample.length === 0) return false
  let control = 0
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x1a) || code === 0x7f) control++
  }
  return control / sample.length > 0.01 || (control > 0 && sample.length < 100)
}
