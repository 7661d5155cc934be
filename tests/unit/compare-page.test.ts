// A page of the compare matrix over a large corpus (issue 13): a cell's figures and the unplaced list
// travel in parts, with how many there are in all, so that a cell of tens of thousands of figures or
// hundreds of thousands of unplaced ones never crosses to the renderer whole.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ComparePage } from '../../src/shared/api'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'

const sessions: WorkbenchSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
})

async function value<T>(outcome: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await outcome
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.value as T
}

describe('compare.matrix in parts', () => {
  it('cuts each cell to its first figures (keeping the first convertible one) and pages the unplaced list, with the totals', async () => {
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
    sessions.push(session)
    await session.start(join(await tempDir('compare-page'), 'ws'))
    const dispatch = (name: string, input: unknown) => session.dispatch(name, input)
    const [doc] = await value<Array<{ id: string }>>(dispatch('documents.list', {}))
    await value(dispatch('indicators.save', { indicator: { key: 'crowded', name: '拥挤', unit: '亿元', higherIsBetter: true, aliases: [] } }))
    // One cell of 12 targets: the first four (in the cell's order, the document's order here) in a unit
    // that cannot be converted, then eight that can; and 7 figures without an indicator.
    for (let n = 0; n < 12; n++) {
      const unit = n < 4 ? '家' : '亿元'
      await value(dispatch('annotations.create', { documentId: doc.id, start: 10 + n * 3, end: 12 + n * 3, label: 'target', attributes: { indicator: 'crowded', value: n, unit, periodYear: 2030 } }))
    }
    for (let n = 0; n < 7; n++) await value(dispatch('annotations.create', { documentId: doc.id, start: 200 + n * 3, end: 202 + n * 3, label: 'achievement', attributes: { value: n } }))

    const whole = await value<ComparePage>(dispatch('compare.matrix', {}))
    const part = await value<ComparePage>(dispatch('compare.matrix', { figuresPerCell: 3, unplacedOffset: 2, unplacedLimit: 5 }))
    const wholeCell = whole.rows.find((row) => row.key === 'crowded')!.cells[0]
    const cell = part.rows.find((row) => row.key === 'crowded')!.cells[0]
    expect(wholeCell.targets).toHaveLength(12)
    expect(wholeCell.targets.slice(0, 4).every((figure) => figure.value === null)).toBe(true)
    // The first three, and the first convertible one (which the status was judged on).
    expect(cell.targets).toEqual([...wholeCell.targets.slice(0, 3), wholeCell.targets[4]])
    expect([cell.targetCount, cell.actualCount]).toEqual([12, 0])
    expect([wholeCell.targetCount, wholeCell.actualCount]).toEqual([12, 0])
    expect(cell.status).toBe(wholeCell.status)
    // 7 without an indicator and 4 whose unit cannot be converted.
    expect(whole.unplacedTotal).toBe(11)
    expect(whole.unplaced).toHaveLength(11)
    expect(part.unplacedTotal).toBe(11)
    expect(part.unplaced).toEqual(whole.unplaced.slice(2, 7))
    const counted = await value<ComparePage>(dispatch('compare.matrix', { limit: 1, figuresPerCell: 0, unplacedLimit: 0 }))
    expect([counted.unplaced, counted.unplacedTotal]).toEqual([[], 11])
    expect(counted.rows[0].cells.every((shown) => shown.targets.length <= 1 && shown.actuals.length <= 1)).toBe(true)
  })
})
