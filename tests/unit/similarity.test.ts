import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bigramsOf, followUpSimilarity, rankSentences, sentenceSpans } from '../../src/shared/similarity'
import { loadSeedFixture, seedsDir, fixturesDir } from '../support/paths'

interface FixtureCommitment {
  file: string
  quote: string
  followUp: { file: string; quote: string } | null
}

describe('sentenceSpans', () => {
  it.each([
    ['一、加快建设。二、推进改革；三、其他', ['一、加快建设。', '二、推进改革；']],
    ['  前后有空格的句子。\n\n标题\n正文最后一句没有句号', ['前后有空格的句子。', '正文最后一句没有句号']],
  ])('%s', (text, expected) => {
    const spans = sentenceSpans(text)
    expect(spans.map((span) => span.text)).toEqual(expected)
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text)
  })
})

describe('followUpSimilarity', () => {
  it('folds script and ignores punctuation', () => {
    expect(followUpSimilarity(bigramsOf('华南(广州)技术转移中心'), bigramsOf('華南（廣州）技術轉移中心'))).toBeCloseTo(1, 6)
  })
  it('scores unrelated text low and a containing sentence high', () => {
    const query = bigramsOf('修订《广州市科技创新促进条例》')
    expect(followUpSimilarity(query, bigramsOf('开展《广州市科技创新促进条例》修订工作，已完成初稿。'))).toBeGreaterThan(0.6)
    expect(followUpSimilarity(query, bigramsOf('全年共认定登记技术合同21074项'))).toBeLessThan(0.2)
  })
})

describe('follow-ups of the fixture commitments', () => {
  const fixture = loadSeedFixture()
  const { commitments } = JSON.parse(readFileSync(join(fixturesDir, 'seed-crossyear.json'), 'utf8')) as { commitments: FixtureCommitment[] }
  const yearOf = new Map(fixture.documents.map((doc) => [doc.file, doc.year]))
  const sources = fixture.documents.map((doc) => ({
    source: doc.file,
    sentences: sentenceSpans(readFileSync(join(seedsDir, doc.file), 'utf8')).map((span) => ({ ...span, bigrams: bigramsOf(span.text) })),
  }))

  it.each(commitments.filter((commitment) => commitment.followUp).map((commitment) => [commitment.quote, commitment] as const))(
    '%s: the follow-up sentence ranks among the first three of later documents',
    (_, commitment) => {
      const later = sources.filter((source) => yearOf.get(source.source)! > yearOf.get(commitment.file)!)
      const ranked = rankSentences(commitment.quote, later, 3)
      const found = ranked.find((candidate) => candidate.source === commitment.followUp!.file && candidate.text.includes(commitment.followUp!.quote))
      expect(found, JSON.stringify(ranked.map((candidate) => [candidate.source, candidate.score.toFixed(2), candidate.text.slice(0, 40)]))).toBeDefined()
    },
  )
})
