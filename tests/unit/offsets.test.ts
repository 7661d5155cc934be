import { describe, expect, it } from 'vitest'
import {
  clampToCodePointBoundary,
  codePointLength,
  makeOffsetConverter,
  toCodePointOffset,
  toUtf16Offset,
} from '../../src/shared/offsets'

const FAMILY = '👩\u200d👩\u200d👧' // woman ZWJ woman ZWJ girl: one grapheme, five code points

interface OffsetCase {
  name: string
  text: string
  /** Every code point boundary in UTF-16 units; its index is the boundary in code points. */
  boundaries: number[]
  /** UTF-16 offsets inside a surrogate pair, with the code point they round down to. */
  inside: Array<[number, number]>
}

// Written out by hand, one unit at a time.
const cases: OffsetCase[] = [
  { name: 'empty', text: '', boundaries: [0], inside: [] },
  { name: 'ASCII', text: 'abc', boundaries: [0, 1, 2, 3], inside: [] },
  { name: 'one supplementary Han', text: '𠀀', boundaries: [0, 2], inside: [[1, 0]] },
  {
    name: 'Han mixed with 𠀀 and 𡈽',
    text: '甲𠀀乙𡈽丙',
    boundaries: [0, 1, 3, 4, 6, 7],
    inside: [
      [2, 1],
      [5, 3],
    ],
  },
  {
    name: 'two emoji',
    text: '😀😀',
    boundaries: [0, 2, 4],
    inside: [
      [1, 0],
      [3, 1],
    ],
  },
  {
    name: 'ZWJ family sequence',
    text: FAMILY,
    boundaries: [0, 2, 3, 5, 6, 8],
    inside: [
      [1, 0],
      [4, 2],
      [7, 4],
    ],
  },
  { name: 'e + combining acute stays two code points', text: 'e\u0301', boundaries: [0, 1, 2], inside: [] },
  {
    name: 'combining mark then a space and 𠀀',
    text: 'cafe\u0301 𠀀',
    boundaries: [0, 1, 2, 3, 4, 5, 6, 8],
    inside: [[7, 6]],
  },
  { name: 'lone high surrogate', text: '\ud840x', boundaries: [0, 1, 2], inside: [] },
  { name: 'lone low surrogate', text: 'x\udc00', boundaries: [0, 1, 2], inside: [] },
  { name: 'low before high is not a pair', text: '\udc00\ud840', boundaries: [0, 1, 2], inside: [] },
  {
    name: 'real sentence with PDF spaces and 𡈽',
    text: '2018 年，𡈽地新增 2000 家',
    boundaries: [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    inside: [[8, 7]],
  },
]

describe('code point length', () => {
  it.each(cases)('$name', ({ text, boundaries }) => {
    expect(codePointLength(text)).toBe(boundaries.length - 1)
    expect(makeOffsetConverter(text).codePointLength).toBe(boundaries.length - 1)
    // Independent check: the string iterator walks code points, not graphemes.
    expect(codePointLength(text)).toBe(Array.from(text).length)
  })

  it('does not merge graphemes', () => {
    expect(codePointLength('e\u0301')).toBe(2)
    expect(codePointLength('\u00e9')).toBe(1) // precomposed é: offsets are not normalised
    expect(codePointLength(FAMILY)).toBe(5)
  })
})

describe('conversion at every boundary, both ways', () => {
  it.each(cases)('$name', ({ text, boundaries }) => {
    const converter = makeOffsetConverter(text)
    boundaries.forEach((utf16, codePoint) => {
      expect(toCodePointOffset(text, utf16)).toBe(codePoint)
      expect(toUtf16Offset(text, codePoint)).toBe(utf16)
      expect(converter.toCodePoint(utf16)).toBe(codePoint)
      expect(converter.toUtf16(codePoint)).toBe(utf16)
      expect(converter.toUtf16(converter.toCodePoint(utf16))).toBe(utf16)
      expect(converter.toCodePoint(converter.toUtf16(codePoint))).toBe(codePoint)
    })
  })
})

describe('an offset inside a surrogate pair rounds down', () => {
  it.each(cases.filter((c) => c.inside.length > 0))('$name', ({ text, inside }) => {
    const converter = makeOffsetConverter(text)
    for (const [utf16, codePoint] of inside) {
      expect(toCodePointOffset(text, utf16)).toBe(codePoint)
      expect(converter.toCodePoint(utf16)).toBe(codePoint)
      expect(converter.toUtf16(codePoint)).toBe(utf16 - 1)
    }
  })
})

describe('offsets outside the text are errors, not silently clamped', () => {
  it.each([
    ['UTF-16 past the end', () => toCodePointOffset('abc', 4)],
    ['UTF-16 negative', () => toCodePointOffset('abc', -1)],
    ['UTF-16 fractional', () => toCodePointOffset('abc', 1.5)],
    ['code point past the end of 𠀀', () => toUtf16Offset('𠀀', 2)],
    ['code point in empty text', () => toUtf16Offset('', 1)],
    ['converter, code point past the end', () => makeOffsetConverter(FAMILY).toUtf16(6)],
    ['converter, NaN', () => makeOffsetConverter(FAMILY).toCodePoint(Number.NaN)],
  ])('%s', (_name, convert) => {
    expect(convert).toThrow(RangeError)
  })
})

describe('clampToCodePointBoundary', () => {
  it.each([
    ['a𠀀b', 2, 'backward', 1],
    ['a𠀀b', 2, 'forward', 3],
    ['a𠀀b', 1, 'forward', 1],
    ['a𠀀b', 3, 'backward', 3],
    ['a𠀀b', -5, 'backward', 0],
    ['a𠀀b', 99, 'forward', 4],
    ['😀', 1, 'backward', 0],
    ['😀', 1, 'forward', 2],
    [FAMILY, 4, 'backward', 3],
    [FAMILY, 4, 'forward', 5],
    [FAMILY, 3, 'forward', 3], // before the second woman, after a ZWJ: a code point boundary
    ['e\u0301', 1, 'forward', 1], // between e and its combining mark: still a boundary
    ['\ud840x', 1, 'backward', 1], // a lone surrogate is a code point of its own
    ['', 3, 'backward', 0],
  ] as const)('%j at %d, %s → %d', (text, offset, direction, expected) => {
    expect(clampToCodePointBoundary(text, offset, direction)).toBe(expected)
  })

  it('rounds backward by default, like toCodePoint', () => {
    expect(clampToCodePointBoundary('甲𠀀乙', 2)).toBe(1)
  })
})

describe('a 200,000-character document converts thousands of offsets with one index', () => {
  // 'x𠀀y' repeated: every fourth UTF-16 unit past the start of a chunk is a pair half.
  const chunk = 'x𠀀y'
  const text = chunk.repeat(50_000)
  const converter = makeOffsetConverter(text)

  it('has the expected lengths', () => {
    expect(text.length).toBe(200_000)
    expect(converter.codePointLength).toBe(150_000)
  })

  it('agrees with a running count at every chunk and round-trips', () => {
    const wrong: number[] = []
    for (let i = 0; i < 50_000; i++) {
      if (
        converter.toCodePoint(i * 4) !== i * 3 ||
        converter.toCodePoint(i * 4 + 2) !== i * 3 + 1 || // inside 𠀀: rounds down
        converter.toUtf16(i * 3 + 2) !== i * 4 + 3 ||
        converter.toUtf16(converter.toCodePoint(i * 4 + 1)) !== i * 4 + 1
      ) {
        wrong.push(i)
      }
    }
    expect(wrong).toEqual([])
    expect(converter.toUtf16(150_000)).toBe(200_000)
  })
})
