import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectMetadata, findFullDates } from '../../src/shared/metadata'
import { gwrDir, loadSeedFixture, seedsDir } from '../support/paths'

const fixture = loadSeedFixture()

describe('metadata of the seeds (hand-checked in the shared fixture)', () => {
  it.each(fixture.documents.map((doc) => [doc.file, doc] as const))('%s', (file, expected) => {
    const { title, meta } = detectMetadata(readFileSync(join(seedsDir, file), 'utf8'), file)
    expect(meta.year).toBe(expected.year)
    expect(meta.docType).toBe(expected.docType)
    expect(meta.script).toBe(expected.script)
    expect(meta.docNumber).toBe(expected.docNumber)
    expect(meta.date).toBe(expected.date)
    expect(title.length).toBeGreaterThan(8)
    expect(title).not.toMatch(/^(手机版|一、|您提出)/)
  })
})

describe('metadata of the national government work reports', () => {
  const files = readdirSync(gwrDir).filter((name) => name.endsWith('.txt'))
  it('covers all six reports', () => expect(files).toHaveLength(6))
  it.each(files)('%s', (file) => {
    const { meta } = detectMetadata(readFileSync(join(gwrDir, file), 'utf8'), file)
    expect(meta.year).toBe(Number(file.slice(0, 4)))
    expect(meta.docType).toBe('government-work-report')
    expect(meta.script).toBe('zh-Hans')
  })
})

describe('findFullDates', () => {
  it.each([
    ['2019年9月29日', '2019-09-29'],
    ['2018 年 3 月 5 日', '2018-03-05'],
    ['二〇一九年九月二十九日', '2019-09-29'],
    ['二〇二〇年十二月十日', '2020-12-10'],
    ['发布时间: 2017-07-04 02:18:22', '2017-07-04'],
  ])('reads %s', (text, iso) => {
    expect(findFullDates(text).map((date) => date.iso)).toEqual([iso])
  })
  it.each(['2019年13月1日', '2019年', '3月5日', '1800年1月1日'])('ignores %s', (text) => {
    expect(findFullDates(text)).toEqual([])
  })
})
