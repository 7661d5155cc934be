import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectDocNumber, detectIssuer, detectMetadata, detectTitle, findFullDates } from '../../src/shared/metadata'
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
    expect(meta.issuer).toBe(expected.issuer)
    expect(title.length).toBeGreaterThan(8)
    expect(title).not.toMatch(/^(手机版|一、|您提出)/)
  })
})

describe('metadata of the national government work reports', () => {
  const files = readdirSync(gwrDir).filter((name) => name.endsWith('.txt'))
  it('covers all six reports', () => expect(files).toHaveLength(6))
  it.each(files)('%s', (file) => {
    const { title, meta } = detectMetadata(readFileSync(join(gwrDir, file), 'utf8'), file)
    expect(meta.year).toBe(Number(file.slice(0, 4)))
    expect(meta.docType).toBe('government-work-report')
    expect(meta.script).toBe('zh-Hans')
    expect(meta.issuer).toBe('国务院')
    expect(title).toContain('政府工作报告')
    expect(title).not.toMatch(/^各位代表|[:：！]$/)
  })

  it.each([
    // The titles as detected, read off the first lines of each file.
    ['2015_gwr_national.txt', '2015年政府工作报告'],
    ['2016_gwr_national.txt', '2016年国务院政府工作报告'],
    ['2017_gwr_national.txt', '2017政府工作报告'],
    ['2018_gwr_national.txt', '2018政府工作报告'],
    ['2019_gwr_national.txt', '2019年政府工作报告'],
    ['2020_gwr_national.txt', '政府工作报告（文字实录）'],
  ])('%s is titled %s', (file, expected) => {
    expect(detectMetadata(readFileSync(join(gwrDir, file), 'utf8'), file).title).toBe(expected)
  })

  it('2019 begins with 各位代表： and is named after its year even without one in the file name', () => {
    const text = readFileSync(join(gwrDir, '2019_gwr_national.txt'), 'utf8')
    expect(text.startsWith('各位代表：')).toBe(true)
    const { title, meta } = detectMetadata(text, 'report.txt')
    expect(meta.year).toBe(2019) // 一、2018年工作回顾: delivered the year after the one it reviews
    expect(title).toBe('2019年政府工作报告')
  })
})

describe('titles are never a salutation', () => {
  it.each([
    ['a speech with no year anywhere', '各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n', 'speech.txt', '政府工作报告'],
    ['a traditional-script speech', '各位代表：\n現在，我代表國務院，向大會報告政府工作，請予審議。\n一、2018年工作回顧\n', 'speech.txt', '2019年政府工作報告'],
    ['a letter that opens with its addressee', '王明委员：\n\n您提出的《关于加强科技金融的提案》收悉。\n', 'reply.txt', '《关于加强科技金融的提案》的答复'],
  ])('%s', (_name, text, fileName, expected) => {
    expect(detectTitle(text, fileName)).toBe(expected)
  })
})

describe('detectIssuer', () => {
  it.each([
    ['signature above the date', '正文。\n\n  广州市科学技术局\n\n  2020年9月3日\n', '', '广州市科学技术局'],
    ['traditional script is kept', '正文。\n廣州市科學技術局\n2019年9月29日\n', '', '廣州市科學技術局'],
    ['joint signature on two lines', '正文。\n广州市科学技术局\n广州市财政局\n2019年1月8日\n', '', '广州市科学技术局、广州市财政局'],
    ['joint signature on one line', '正文。\n广州市科学技术局　广州市财政局\n二〇一九年一月八日\n', '', '广州市科学技术局、广州市财政局'],
    ['the office of a government', '正文。\n广州市人民政府办公厅\n2018年5月2日\n', '', '广州市人民政府办公厅'],
    ['a title that begins with the body', '一、总体要求。', '广州市财政局关于印发资金管理办法的通知', '广州市财政局'],
    ['a title that begins with the body and a year', '正文。', '广州市科学技术局 2018 年工作总结', '广州市科学技术局'],
    ['a work report', '各位代表：\n现在，我代表市人民政府，向大会报告政府工作。', '', '市人民政府'],
    ['the 来源 line of a web page', '来源：广州市科学技术局 发布时间：2019-01-08\n正文。', '', '广州市科学技术局'],
    ['a date under a sentence is no signature', '我们将继续努力。\n2019年1月8日\n', '', null],
    ['nothing to go on', '正文。', '某某事项的说明', null],
  ])('%s', (_name, text, title, expected) => {
    expect(detectIssuer(text, title)).toBe(expected)
  })
})

describe('detectDocNumber', () => {
  it.each([
    ['穗科创函〔2017〕830号', '穗科创函〔2017〕830号'],
    ['穗科字〔2019〕316號', '穗科字〔2019〕316號'],
    ['穗科函[2020]2号', '穗科函[2020]2号'],
    ['国办发(2019)5号', '国办发(2019)5号'],
    ['粤府办（2018）12号', '粤府办（2018）12号'],
    ['穗府［2016］3号', '穗府［2016］3号'],
    ['穗科函【2021】15号', '穗科函【2021】15号'],
    ['穗科函〔２０２０〕２号', '穗科函〔２０２０〕２号'],
    ['穗科 〔 2019 〕 316 号', '穗科〔2019〕316号'],
    ['根据《通知》（穗科字〔2019〕316号）要求，', '穗科字〔2019〕316号'],
    ['按照国办发〔2018〕32号文件精神，制定本方案。\n穗科字〔2019〕316号\n', '穗科字〔2019〕316号'],
  ])('reads %j', (text, expected) => {
    expect(detectDocNumber(text)).toBe(expected)
  })
  it.each(['2019年316号', '第20172212号代表建议', '〔2019〕316号', '穗科函〔19〕2号'])('finds none in %j', (text) => {
    expect(detectDocNumber(text)).toBeNull()
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
