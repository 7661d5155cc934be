// Ordering texts for the Annotations table (issue 13): the quote order equals JavaScript's own
// string order (UTF-16 code units), stable, both ways, on texts with long shared beginnings,
// duplicates, texts that are beginnings of others, surrogate pairs and large runs.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sortByText, type TextSpans } from '../../src/main/services/annotation-rows/table-order'

function spansOf(texts: string[]): TextSpans {
  // Two texts holding them all, as blocks hold their quotes: one string each, spans into it.
  const halves = [texts.filter((_, at) => at % 2 === 0), texts.filter((_, at) => at % 2 === 1)]
  const joined = halves.map((half) => half.join(''))
  const text = new Uint32Array(texts.length)
  const start = new Uint32Array(texts.length)
  const end = new Uint32Array(texts.length)
  const offsets = [0, 0]
  texts.forEach((value, at) => {
    const half = at % 2
    text[at] = half
    start[at] = offsets[half]
    end[at] = offsets[half] += value.length
  })
  return { texts: joined, text, start, end }
}

function expected(texts: string[], desc: boolean): number[] {
  return texts
    .map((value, at) => ({ value, at }))
    .sort((a, b) => (a.value === b.value ? a.at - b.at : (a.value < b.value) !== desc ? -1 : 1))
    .map((entry) => entry.at)
}

describe('sortByText', () => {
  const long = '技术合同成交额突破850亿元'.repeat(20)
  const pieces = ['a', 'ab', 'abc', 'abcd', 'abd', 'b', '', '𠀀x', '𡈽', 'z', 'A', long, `${long}甲`, `${long}乙`, long.slice(0, 100), '技术', '技术合同', '技术合同成交额']
  const texts = Array.from({ length: 3000 }, (_, n) => pieces[(n * 7) % pieces.length] + (n % 5 === 0 ? '' : String.fromCharCode(0x4e00 + ((n * 31) % 40))))

  for (const desc of [false, true]) {
    it(`orders as JavaScript compares strings, stably, ${desc ? 'descending' : 'ascending'}`, () => {
      const refs = Uint32Array.from(texts.keys())
      expect([...sortByText(refs, spansOf(texts), desc)]).toEqual(expected(texts, desc))
    })
  }

  it('keeps the refs it is given, in text order', () => {
    const some = [5, 17, 2, 900, 44]
    const refs = Uint32Array.from(some)
    const spans = spansOf(some.map((n) => texts[n]))
    expect([...sortByText(refs, spans, false)]).toEqual(expected(some.map((n) => texts[n]), false).map((at) => some[at]))
  })
})

// The order's definition, checked on generated inputs: Array.sort by code units, stable, on the
// texts themselves. Each row of the table draws texts another way that sorting by code units can
// get wrong: long shared beginnings, one text the beginning of another, lone and paired
// surrogates (a pair sorts by its high unit, below U+E000–U+FFFF), U+0000 (not an end of text),
// empty texts, one text repeated many times, and groups large enough to be split key by key.
describe('sortByText against its definition', () => {
  const units = ['a', 'b', 'A', '\u0000', '\u0001', '\uffff', '\ue000', '技', '术', '\ud840', '\udc00', '\ud840\udc00', '\ud83d\ude00', '0', ' ']
  const unit = fc.constantFrom(...units)
  const shortText = fc.array(unit, { maxLength: 6 }).map((parts) => parts.join(''))
  const long = '技术合同成交额突破850亿元'.repeat(22)
  const prefix = fc.constantFrom('', 'a', '技术', long, long.slice(0, 299), `${long}\ud840`, 'ab'.repeat(40))
  const prefixed = fc.tuple(prefix, shortText).map(([head, tail]) => head + tail)
  /** Texts drawn from a small pool: many rows share one text, as repeated quotes do. */
  const pooled = (text: fc.Arbitrary<string>, maxLength: number) =>
    fc.tuple(fc.array(text, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength, size: 'max' })).map(([pool, picks]) => picks.map((pick) => pool[pick % pool.length]))
  const cases: Array<[string, fc.Arbitrary<string[]>]> = [
    ['short texts over a small alphabet', fc.array(shortText, { maxLength: 60 })],
    ['shared long beginnings', fc.array(prefixed, { maxLength: 60 })],
    ['equal texts, many times', pooled(prefixed, 1200)],
    ['empty and one-unit texts, many times', pooled(fc.array(unit, { maxLength: 1 }).map((parts) => parts.join('')), 300)],
    ['large groups of short texts', pooled(shortText, 600)],
    [
      'hundreds of texts of one length that share all but their last units',
      pooled(fc.array(fc.constantFrom('a', 'b', '\ud840'), { minLength: 3, maxLength: 3 }).map((tail) => long + tail.join('')), 1200),
    ],
    ['many different texts', fc.array(prefixed, { maxLength: 400, size: 'max' })],
    [
      'texts of one length that differ only at their ends, many times',
      pooled(fc.tuple(fc.constantFrom(long, 'ab'.repeat(40), ''), fc.array(fc.constantFrom('a', 'b', '\ud840', '\udc00'), { minLength: 3, maxLength: 3 })).map(([head, tail]) => head + tail.join('')), 400),
    ],
  ]
  for (const [name, texts] of cases) {
    it(`orders ${name} as Array.sort by code units does, stably, both ways`, () => {
      fc.assert(
        fc.property(texts, fc.boolean(), (drawn, desc) => {
          const refs = Uint32Array.from(drawn.keys())
          expect([...sortByText(refs, spansOf(drawn), desc)]).toEqual(expected(drawn, desc))
        }),
        { numRuns: 150 },
      )
    })
  }
})
