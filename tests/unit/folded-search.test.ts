import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { foldForMatching } from '../../src/shared/fold'
import { foldQuery, foldWithMap, prepareSearch, searchDocuments, searchFolded } from '../../src/shared/folded-search'
import { gwrDir, seedsDir } from '../support/paths'

const seed002 = readFileSync(join(seedsDir, '002_6713f578bdf6ed27.txt'), 'utf8')

describe('foldWithMap', () => {
  it.each([
    // [text, folded, toOriginal] written out unit by unit
    ['ASCII and case', 'AbC', 'abc', [0, 1, 2, 3]],
    ['traditional to simplified', '技術合同', '技术合同', [0, 1, 2, 3, 4]],
    ['full-width digits and letters', '１２ＡＢ', '12ab', [0, 1, 2, 3, 4]],
    ['ideographic space', '甲\u3000乙', '甲 乙', [0, 1, 2, 3]],
    ['NFKC expansion ㈠ → (一)', '第㈠条', '第(一)条', [0, 1, 1, 1, 2, 3]],
    ['NFKC expansion ㎡ → m2', '1㎡', '1m2', [0, 1, 1, 2]],
    ['supplementary character 𠀀 (two units)', '甲𠀀乙', '甲𠀀乙', [0, 1, 1, 3, 4]],
    ['combining mark composes: e + U+0301 → é', 'e\u0301x', 'éx', [0, 2, 3]],
    ['zero-width characters fold to nothing', '\ufeff高\u200b新', '高新', [1, 3, 4]],
  ])('%s', (_name, text, folded, toOriginal) => {
    const result = foldWithMap(text)
    expect(result.folded).toBe(folded)
    expect(Array.from(result.toOriginal)).toEqual(toOriginal)
  })

  const realTexts: Array<[string, string]> = [
    ...['000_55dd0278fb5a4955.txt', '001_fa5698c1e2602520.txt', '002_6713f578bdf6ed27.txt', '003_1da18392a39b6ff1.txt', '004_7c649211ab158f35.txt'].map(
      (file): [string, string] => [file, readFileSync(join(seedsDir, file), 'utf8')],
    ),
    ...[2015, 2019].map((year): [string, string] => [`gwr ${year}`, readFileSync(join(gwrDir, `${year}_gwr_national.txt`), 'utf8')]),
  ]
  it.each(realTexts)('%s: folds like foldForMatching, map non-decreasing and ending at the length', (_name, text) => {
    const { folded, toOriginal } = foldWithMap(text)
    // The same folding as prefill and the attributes panel use (character by character here).
    expect(folded).toBe(foldForMatching(text))
    expect(toOriginal.length).toBe(folded.length + 1)
    expect(toOriginal[folded.length]).toBe(text.length)
    for (let i = 1; i < toOriginal.length; i++) expect(toOriginal[i]).toBeGreaterThanOrEqual(toOriginal[i - 1])
  })
})

describe('searchFolded', () => {
  it('finds 高新技术企业 as 高新技術企業 in seed 002, at the traditional phrase', () => {
    const result = searchFolded(seed002, '高新技术企业')
    expect(result.total).toBe(9)
    expect(result.hits).toHaveLength(9)
    for (const hit of result.hits) {
      expect(seed002.slice(hit.start, hit.end)).toBe('高新技術企業')
      expect(hit.match).toBe('高新技術企業')
    }
    expect(result.hits[0]).toEqual({
      start: 3982,
      end: 3988,
      before: '突破,完善孵化育成體系。至2021年末,',
      match: '高新技術企業',
      after: '超過1.2萬家,高新技術產品產值占規模以',
    })
  })

  interface Case {
    name: string
    text: string
    query: string
    /** [start, end] of every hit, by hand. */
    ranges: Array<[number, number]>
    matches: string[]
  }
  const cases: Case[] = [
    { name: 'half-width digits find full-width ones', text: '编号１２３号', query: '123', ranges: [[2, 5]], matches: ['１２３'] },
    { name: 'half-width letters find full-width ones, any case', text: '型号ＡＢ与ab', query: 'Ab', ranges: [[2, 4], [5, 7]], matches: ['ＡＢ', 'ab'] },
    { name: 'a full-width query finds half-width text', text: 'PM2.5浓度', query: 'ＰＭ２．５', ranges: [[0, 5]], matches: ['PM2.5'] },
    { name: 'simplified text found by a traditional query', text: '技术合同成交额', query: '技術合同', ranges: [[0, 4]], matches: ['技术合同'] },
    { name: 'after a surrogate pair', text: '甲𠀀乙𠀀丙', query: '乙𠀀丙', ranges: [[3, 7]], matches: ['乙𠀀丙'] },
    { name: 'the surrogate pair itself', text: '甲𠀀乙𠀀丙', query: '𠀀', ranges: [[1, 3], [4, 6]], matches: ['𠀀', '𠀀'] },
    { name: 'emoji between Han characters', text: '创新😀企业', query: '😀企', ranges: [[2, 5]], matches: ['😀企'] },
    { name: 'an NFKC expansion matched whole', text: '第㈠条', query: '(一)', ranges: [[1, 2]], matches: ['㈠'] },
    { name: 'a query inside an expansion takes the whole character', text: '第㈠条', query: '一', ranges: [[1, 2]], matches: ['㈠'] },
    { name: 'a query ending inside an expansion', text: '面积100㎡以上', query: '100m', ranges: [[2, 6]], matches: ['100㎡'] },
    { name: 'text after an expansion', text: '㈠㈡第二条', query: '第二', ranges: [[2, 4]], matches: ['第二'] },
    { name: 'a ligature', text: 'the ﬁle', query: 'file', ranges: [[4, 7]], matches: ['ﬁle'] },
    { name: 'a combining mark stays with its letter', text: 'cafe\u0301 bar', query: 'café', ranges: [[0, 5]], matches: ['cafe\u0301'] },
    { name: 'zero-width characters inside a match', text: '高新\u200b技术企业\u200b。', query: '高新技术', ranges: [[0, 5]], matches: ['高新\u200b技术'] },
    { name: 'no trailing zero-width character in a match', text: '高新\u200b技术企业\u200b。', query: '企业', ranges: [[5, 7]], matches: ['企业'] },
    { name: 'non-overlapping, left to right', text: 'aaaaa', query: 'aa', ranges: [[0, 2], [2, 4]], matches: ['aa', 'aa'] },
  ]
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = searchFolded(c.text, c.query)
    expect(result.total).toBe(c.ranges.length)
    expect(result.hits.map((hit) => [hit.start, hit.end])).toEqual(c.ranges)
    expect(result.hits.map((hit) => hit.match)).toEqual(c.matches)
    for (const hit of result.hits) expect(c.text.slice(hit.start, hit.end)).toBe(hit.match)
  })

  it.each([
    ['empty', ''],
    ['only zero-width characters', '\u200b\ufeff'],
  ])('an %s query finds nothing', (_name, query) => {
    expect(searchFolded('高新技术企业', query)).toEqual({ total: 0, hits: [] })
  })

  it('context never cuts a surrogate pair in half', () => {
    expect(searchFolded('𠀀甲乙', '乙', { context: 2 }).hits[0]).toMatchObject({ before: '甲', match: '乙', after: '' })
    expect(searchFolded('甲𠀀', '甲', { context: 1 }).hits[0]).toMatchObject({ before: '', match: '甲', after: '' })
    expect(searchFolded('𠀀甲𠀀', '甲', { context: 2 }).hits[0]).toMatchObject({ before: '𠀀', match: '甲', after: '𠀀' })
  })

  it('pages with offset and limit, total counting every hit', () => {
    const text = '技术合同、技術合同；技术合同。技術合同，技术合同'
    const starts = [0, 5, 10, 15, 20]
    expect(searchFolded(text, '技术合同').hits.map((hit) => hit.start)).toEqual(starts)
    const page = searchFolded(text, '技术合同', { offset: 2, limit: 2, context: 1 })
    expect(page.total).toBe(5)
    expect(page.hits.map((hit) => [hit.start, hit.before, hit.match, hit.after])).toEqual([
      [10, '；', '技术合同', '。'],
      [15, '。', '技術合同', '，'],
    ])
    expect(searchFolded(text, '技术合同', { offset: 4, limit: 10 }).hits.map((hit) => hit.start)).toEqual([20])
    expect(searchFolded(text, '技术合同', { offset: 5 })).toEqual({ total: 5, hits: [] })
    expect(searchFolded(text, '技术合同', { limit: 0 })).toEqual({ total: 5, hits: [] })
  })

  it('a prepared document gives the same answers', () => {
    const prepared = prepareSearch(seed002)
    for (const query of ['高新技术企业', '２０２１年', '研究與試驗發展', '(R&D)']) {
      expect(searchFolded(prepared, query)).toEqual(searchFolded(seed002, query))
    }
    expect(searchFolded(prepared, '研究与试验发展').hits.map((hit) => hit.match)).toEqual(['研究與試驗發展'])
  })

  it('foldQuery folds a query the way documents are folded', () => {
    expect(foldQuery('高新技術企業 ＡＢ１')).toBe('高新技术企业 ab1')
  })
})

describe('searchDocuments', () => {
  const documents = [
    { id: 'a', prepared: prepareSearch('技术合同成交额；技術合同') },
    { id: 'b', prepared: prepareSearch('无关') },
    { id: 'c', prepared: prepareSearch('𠀀技术合同') },
  ]
  it('pages across documents in their order', () => {
    const all = searchDocuments(documents, '技术合同', { context: 0 })
    expect(all.total).toBe(3)
    expect(all.hits.map((hit) => [hit.documentId, hit.start, hit.match])).toEqual([
      ['a', 0, '技术合同'],
      ['a', 8, '技術合同'],
      ['c', 2, '技术合同'],
    ])
    const second = searchDocuments(documents, '技术合同', { offset: 1, limit: 1 })
    expect(second.total).toBe(3)
    expect(second.hits.map((hit) => [hit.documentId, hit.start])).toEqual([['a', 8]])
  })
  it('an empty query finds nothing', () => {
    expect(searchDocuments(documents, '')).toEqual({ total: 0, hits: [] })
  })
})
