import { describe, expect, it } from 'vitest'
import { yearAxis } from '../../src/shared/year-axis'

describe('the chart’s year axis', () => {
  it.each<[string, number[], number[], string[]]>([
    ['consecutive years', [2017, 2018, 2019], [2016, 2017, 2018, 2019, 2020], ['', '2017', '2018', '2019', '']],
    ['a gap is labelled too', [2017, 2020], [2016, 2017, 2018, 2019, 2020, 2021], ['', '2017', '2018', '2019', '2020', '']],
    ['one year', [2019], [2018, 2019, 2020], ['', '2019', '']],
    ['float ticks', [2017, 2019], [2017.0000000002, 2018.0000000001, 2018.5], ['2017', '2018', '']],
  ])('%s', (_name, years, ticks, labels) => {
    const axis = yearAxis(years)
    expect(axis.min).toBe(Math.min(...years) - 1)
    expect(axis.max).toBe(Math.max(...years) + 1)
    expect(ticks.map(axis.label)).toEqual(labels)
  })
})
