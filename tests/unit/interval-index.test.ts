import { describe, expect, it } from 'vitest'
import { IntervalIndex, type Interval } from '../../src/shared/interval-index'

type Named = Interval & { id: string }
const span = (id: string, start: number, end: number): Named => ({ id, start, end })

const nested = [span('outer', 0, 100), span('inner', 10, 20), span('innermost', 12, 14), span('after', 20, 30), span('far', 200, 210)]

describe('IntervalIndex', () => {
  it.each([
    [0, ['outer']],
    [12, ['outer', 'inner', 'innermost']],
    [19, ['outer', 'inner']],
    [20, ['outer', 'after']], // end is exclusive
    [99, ['outer']],
    [100, []],
    [205, ['far']],
    [-1, []],
  ])('at(%i) finds %j', (offset, ids) => {
    expect(new IntervalIndex(nested).at(offset).map((item) => item.id)).toEqual(ids)
  })

  it.each([
    [[15, 25], ['outer', 'inner', 'after']],
    [[100, 200], []],
    [[0, 1000], ['outer', 'inner', 'innermost', 'after', 'far']],
    [[14, 15], ['outer', 'inner']],
  ])('overlapping(%j) finds %j', ([start, end], ids) => {
    expect(new IntervalIndex(nested).overlapping(start, end).map((item) => item.id).sort()).toEqual([...ids].sort())
  })

  it('agrees with a linear scan on many random intervals', () => {
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const intervals = Array.from({ length: 2000 }, (_, i) => {
      const start = random(100_000)
      return span(String(i), start, start + 1 + random(i % 10 === 0 ? 5000 : 40))
    })
    const index = new IntervalIndex(intervals)
    for (let probe = 0; probe < 300; probe++) {
      const offset = random(105_000)
      const expected = intervals.filter((item) => item.start <= offset && offset < item.end).map((item) => item.id).sort()
      expect(index.at(offset).map((item) => item.id).sort()).toEqual(expected)
    }
  })

  it('handles an empty set', () => {
    expect(new IntervalIndex([]).at(0)).toEqual([])
  })
})
