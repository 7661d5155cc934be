/**
 * Offsets in the app are UTF-16 code units (JS string indices); every format that leaves the
 * app counts Unicode code points (DESIGN §6, §8). The two differ only at surrogate pairs, so the
 * converters keep nothing but the positions of those pairs.
 *
 * Lone surrogates count as one code point each, like `Array.from(text)` and `for…of`.
 * Combining marks are code points of their own: 'e\u0301' is two, not one grapheme.
 */

export type BoundaryDirection = 'backward' | 'forward'

export interface OffsetConverter {
  readonly codePointLength: number
  /** An offset inside a surrogate pair maps to the code point that pair encodes (rounds down). */
  toCodePoint(utf16Offset: number): number
  toUtf16(codePointOffset: number): number
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}

function isInsidePair(text: string, utf16Offset: number): boolean {
  return (
    utf16Offset > 0 &&
    utf16Offset < text.length &&
    isHighSurrogate(text.charCodeAt(utf16Offset - 1)) &&
    isLowSurrogate(text.charCodeAt(utf16Offset))
  )
}

/** UTF-16 index of the high half of every well-formed surrogate pair, ascending. */
function surrogatePairStarts(text: string): number[] {
  const starts: number[] = []
  for (let i = 0; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      starts.push(i)
      i++
    }
  }
  return starts
}

/** How many entries of an ascending array are below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

function checkOffset(offset: number, max: number, unit: string): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > max) {
    throw new RangeError(`${unit} offset ${offset} is outside 0..${max}`)
  }
}

/**
 * Precomputes the surrogate pairs of `text` once so that each conversion is a binary search:
 * exports convert thousands of offsets over documents of 200,000 characters.
 */
export function makeOffsetConverter(text: string): OffsetConverter {
  const pairs = surrogatePairStarts(text)
  // Where each pair starts when counted in code points: every earlier pair is one unit shorter.
  const pairsInCodePoints = pairs.map((start, index) => start - index)
  const length = text.length - pairs.length
  return {
    codePointLength: length,
    toCodePoint(utf16Offset) {
      checkOffset(utf16Offset, text.length, 'UTF-16')
      // Counting pairs that start before the offset also rounds an offset inside a pair down.
      return utf16Offset - countBelow(pairs, utf16Offset)
    },
    toUtf16(codePointOffset) {
      checkOffset(codePointOffset, length, 'Code point')
      return codePointOffset + countBelow(pairsInCodePoints, codePointOffset)
    },
  }
}

/** For one conversion; for many over the same text, use `makeOffsetConverter`. */
export function toCodePointOffset(text: string, utf16Offset: number): number {
  return makeOffsetConverter(text).toCodePoint(utf16Offset)
}

/** For one conversion; for many over the same text, use `makeOffsetConverter`. */
export function toUtf16Offset(text: string, codePointOffset: number): number {
  return makeOffsetConverter(text).toUtf16(codePointOffset)
}

export function codePointLength(text: string): number {
  return text.length - surrogatePairStarts(text).length
}

/**
 * Clamps to 0..text.length and moves an offset that falls inside a surrogate pair to the
 * pair's start ('backward', the default, which agrees with `toCodePoint` rounding down) or
 * its end ('forward'). To widen a span over whole characters, move its start backward and
 * its end forward; to shrink it, the other way round.
 */
export function clampToCodePointBoundary(
  text: string,
  utf16Offset: number,
  direction: BoundaryDirection = 'backward',
): number {
  if (Number.isNaN(utf16Offset)) throw new RangeError('offset is NaN')
  const offset = Math.min(Math.max(Math.trunc(utf16Offset), 0), text.length)
  if (!isInsidePair(text, offset)) return offset
  return direction === 'backward' ? offset - 1 : offset + 1
}
