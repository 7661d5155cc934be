import { describe, expect, it } from 'vitest'
import { foldedIssuers } from '../../src/shared/issuers'

describe('issuers folded for script', () => {
  it.each<[string, Array<string | null>, string[]]>([
    ['traditional and simplified are one, named in simplified', ['廣州市科學技術局', '广州市科学技术局'], ['广州市科学技术局']],
    ['whichever comes first', ['广州市科学技术局', '廣州市科學技術局'], ['广州市科学技术局']],
    ['a body written only in traditional keeps its name', ['廣州市科學技術局'], ['廣州市科學技術局']],
    ['full-width forms fold too', ['广州市人民政府（办公厅）', '广州市人民政府(办公厅)'], ['广州市人民政府（办公厅）']],
    ['different bodies stay apart; unknown issuers are left out', ['国务院', null, '广州市科技创新委员会', ''], ['广州市科技创新委员会', '国务院']],
  ])('%s', (_name, issuers, expected) => {
    expect(foldedIssuers(issuers)).toEqual(expected)
  })
})
