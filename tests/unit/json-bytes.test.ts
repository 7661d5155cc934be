// Annotation files are written and read without one string of the whole file (json-bytes.ts):
// the bytes written are JSON.stringify's, and what is read is JSON.parse's, errors included.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonBytes, parseJsonBytes } from '../../src/main/services/json-bytes'
import { seedsDir } from '../support/paths'

/** What JSON.parse makes of `text`: its value, or its error's message. */
function parsed(parse: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: parse() }
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` }
  }
}

const fileLike = fc.record({ schemaVersion: fc.integer(), documentId: fc.string(), annotations: fc.array(fc.jsonValue(), { maxLength: 40 }), other: fc.jsonValue() })

describe('JSON written and read a piece at a time', () => {
  it('writes exactly the bytes of JSON.stringify', () => {
    fc.assert(
      fc.property(fc.oneof(fileLike, fc.jsonValue(), fc.dictionary(fc.string(), fc.array(fc.jsonValue()))), (value) => {
        expect(jsonBytes(value).toString('utf8')).toBe(JSON.stringify(value))
      }),
      { numRuns: 300 },
    )
    const long = { annotations: Array.from({ length: 3000 }, (_, at) => ({ id: `a${at}`, quote: '技術合同成交額'.repeat(at % 9), skipped: undefined })), gone: undefined }
    expect(jsonBytes(long).toString('utf8')).toBe(JSON.stringify(long))
  })

  it('writes the same bytes when the file outgrows its first buffer many times over, characters of every width at the pieces\' edges', () => {
    // Several MB: the output buffer grows from 64 KB; quotes of 1-, 2-, 3- and 4-byte characters and lone surrogates.
    const quotes = ['a', 'é', '技術合同成交額', '\u{20BB7}\u{1F600}', '\uD800孤立\uDC00']
    const large = { schemaVersion: 3, annotations: Array.from({ length: 12_000 }, (_, at) => ({ id: `a${at}`, quote: quotes[at % quotes.length].repeat(1 + (at % 37)) })) }
    const bytes = jsonBytes(large)
    expect(bytes.length).toBeGreaterThan(1_000_000)
    expect(bytes.equals(Buffer.from(JSON.stringify(large)))).toBe(true)
  })

  it('reads what JSON.parse reads, and fails where it fails, with its message', () => {
    fc.assert(
      fc.property(fc.oneof(fileLike, fc.jsonValue()), fc.constantFrom('', ' ', '\n  '), (value, space) => {
        const text = JSON.stringify(value, null, space)
        expect(parsed(() => parseJsonBytes(Buffer.from(text)))).toEqual(parsed(() => JSON.parse(text)))
      }),
      { numRuns: 300 },
    )
    const broken = ['{"a":[1,,2]}', '{"a":[1,]}', '{"a":[1] ', '{"a":[1]}x', '{"a":1 2}', '\ufeff{"a":[]}', '{"a":["x\\', '{"a":"\u0001"}', '{"__proto__":[1]}', '{"a":[{"b":]}]}', '', '[1,2]', '{"a":[1],"a":[2]}', '{ "a" : [ ] , "b" : { } }']
    for (const text of broken) expect(parsed(() => parseJsonBytes(Buffer.from(text))), text).toEqual(parsed(() => JSON.parse(text)))
    // Every way to cut a file short or damage a byte of it.
    const text = JSON.stringify({ schemaVersion: 1, documentId: 'd', annotations: [{ id: 'x', quote: '亿元"\\' }, { id: 'y', links: [[1], { a: [] }] }] })
    for (let cut = 0; cut < text.length; cut++) {
      const short = text.slice(0, cut)
      expect(parsed(() => parseJsonBytes(Buffer.from(short))), short).toEqual(parsed(() => JSON.parse(short)))
      const damaged = `${text.slice(0, cut)}}${text.slice(cut + 1)}`
      expect(parsed(() => parseJsonBytes(Buffer.from(damaged))), damaged).toEqual(parsed(() => JSON.parse(damaged)))
    }
  })

  it('reads annotation files of seed text as JSON.parse does, and writes them back byte for byte', async () => {
    for (const name of (await readdir(seedsDir)).sort()) {
      const text = await readFile(join(seedsDir, name), 'utf8')
      const annotations = Array.from({ length: 300 }, (_, a) => {
        const start = (a * 97) % (text.length - 400)
        const end = start + 8 + (a % 10 === 0 ? 300 : a % 30)
        return { id: `id-${a}`, start, end, quote: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), attributes: a % 2 ? {} : { value: a * 1.5, unit: '亿元' }, links: [] }
      })
      const bytes = Buffer.from(JSON.stringify({ schemaVersion: 1, documentId: name, annotations }))
      expect(bytes.length).toBeGreaterThan(50_000)
      const read = parseJsonBytes(bytes)
      expect(read).toEqual(JSON.parse(bytes.toString('utf8')))
      expect(jsonBytes(read).equals(bytes)).toBe(true)
    }
  })
})
