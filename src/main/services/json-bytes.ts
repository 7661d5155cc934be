// JSON files read and written without one string of the whole file. An annotation file of 200
// annotations is ~90,000 characters: as one string (two bytes a character for Chinese text) it is
// too large for V8's young generation and goes straight to the large-object space, which only a
// full collection frees. Every save made two such strings (the file read, the file written), and
// reading every file (counting, the indexes) one per file: between two full collections the heap
// grew by that much garbage, which set the store bench's peak memory. Here a top-level array is
// written and parsed element by element: small strings, collected young.

/** Characters of JSON gathered before they are encoded: well under the young generation's largest object. */
const CHARACTERS_PER_PIECE = 1 << 14

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
}

/** Bytes of UTF-8 a UTF-16 code unit takes at most (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3
/** The output buffer's first size: most annotation files fit, a large one doubles it a few times. */
const FIRST_OUTPUT_BYTES = 64 * 1024

/**
 * Exactly the UTF-8 bytes of JSON.stringify(value), made a piece at a time; `expectedBytes` (the
 * file's size before, say) sizes the output buffer from the start. Each piece is encoded
 * straight into one growing buffer: gathered as pieces and then concatenated, a 5,000-annotation
 * file (3 MB) was copied once more and took 15 % longer to write than as one string.
 */
export function jsonBytes(value: unknown, expectedBytes = 0): Buffer {
  if (!isPlainObject(value)) return Buffer.from(JSON.stringify(value) ?? 'undefined')
  let output = Buffer.allocUnsafe(Math.max(FIRST_OUTPUT_BYTES, Math.ceil(expectedBytes * 1.125)))
  let used = 0
  let text = '{'
  const encodeText = () => {
    const room = text.length * MAX_UTF8_PER_UNIT
    if (used + room > output.length) {
      const grown = Buffer.allocUnsafe(Math.max(output.length * 2, used + room))
      output.copy(grown, 0, 0, used)
      output = grown
    }
    used += output.write(text, used, 'utf8')
    text = ''
  }
  const add = (part: string) => {
    text += part
    if (text.length >= CHARACTERS_PER_PIECE) encodeText()
  }
  let first = true
  for (const key of Object.keys(value)) {
    const member = value[key]
    // What JSON.stringify leaves out of an object.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue
    add(`${first ? '' : ','}${JSON.stringify(key)}:`)
    first = false
    if (!Array.isArray(member)) {
      add(JSON.stringify(member))
      continue
    }
    add('[')
    for (let at = 0; at < member.length; at++) {
      const element = member[at] as unknown
      // In an array JSON.stringify writes null for what JSON cannot hold.
      const json = element === undefined || typeof element === 'function' || typeof element === 'symbol' ? 'null' : JSON.stringify(element)
      if (at > 0) text += ','
      add(json)
    }
    add(']')
  }
  text += '}'
  encodeText()
  return output.subarray(0, used)
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
}

/** Not the shape this parser takes apart: the whole text is parsed at once instead. */
class Unsplittable extends Error {}

/**
 * JSON.parse of UTF-8 bytes, with the members of a top-level object that are arrays parsed element
 * by element. Anything else (another top level, a byte-order mark, a syntax error, a `__proto__`
 * key) is parsed whole, so the result and every error are JSON.parse's own.
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  try {
    return parseObjectOfArrays(buffer)
  } catch (error) {
    if (!(error instanceof Unsplittable) && !(error instanceof SyntaxError)) throw error
    return JSON.parse(buffer.toString('utf8'))
  }
}

function parseObjectOfArrays(buffer: Buffer): Record<string, unknown> {
  const length = buffer.length
  let at = 0
  const skipSpace = () => {
    while (at < length && isSpace(buffer[at])) at++
  }
  /** The end (exclusive) of the string starting at `from`. */
  const stringEnd = (from: number): number => {
    let index = from + 1
    while (index < length) {
      const byte = buffer[index]
      if (byte === BACKSLASH) index += 2
      else if (byte === QUOTE) return index + 1
      else index++
    }
    throw new Unsplittable()
  }
  /** The end (exclusive) of the value starting at `from`: before the comma, bracket or brace that follows it at its level. */
  const valueEnd = (from: number): number => {
    let depth = 0
    let index = from
    while (index < length) {
      const byte = buffer[index]
      if (byte === QUOTE) {
        index = stringEnd(index)
        continue
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (depth === 0) return index
        depth--
      } else if (byte === COMMA && depth === 0) return index
      index++
    }
    throw new Unsplittable()
  }
  const parse = (from: number, to: number): unknown => JSON.parse(buffer.toString('utf8', from, to))

  skipSpace()
  if (buffer[at] !== OPEN_BRACE) throw new Unsplittable()
  at++
  const result: Record<string, unknown> = {}
  skipSpace()
  if (buffer[at] === CLOSE_BRACE) at++
  else {
    for (;;) {
      skipSpace()
      if (buffer[at] !== QUOTE) throw new Unsplittable()
      const keyEnd = stringEnd(at)
      const key = parse(at, keyEnd) as string
      if (key === '__proto__') throw new Unsplittable()
      at = keyEnd
      skipSpace()
      if (buffer[at] !== COLON) throw new Unsplittable()
      at++
      skipSpace()
      if (buffer[at] === OPEN_BRACKET) {
        at++
        const elements: unknown[] = []
        skipSpace()
        if (buffer[at] === CLOSE_BRACKET) at++
        else {
          for (;;) {
            skipSpace()
            const end = valueEnd(at)
            elements.push(parse(at, end))
            at = end
            if (buffer[at] === COMMA) {
              at++
              continue
            }
            if (buffer[at] !== CLOSE_BRACKET) throw new Unsplittable()
            at++
            break
          }
        }
        result[key] = elements
      } else {
        const end = valueEnd(at)
        result[key] = parse(at, end)
        at = end
      }
      skipSpace()
      if (buffer[at] === COMMA) {
        at++
        continue
      }
      if (buffer[at] !== CLOSE_BRACE) throw new Unsplittable()
      at++
      break
    }
  }
  skipSpace()
  if (at !== length) throw new Unsplittable()
  return result
}
