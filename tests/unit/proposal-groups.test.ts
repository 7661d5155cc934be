// The reader folds proposed commitments of a government work report by section: which groups,
// what stays shown, and where Tab stops.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { starterCodebook } from '../../src/shared/starter-codebook'
import { suggest } from '../../src/shared/suggest'
import { proposalGroups, stops, withoutFolded } from '../../src/shared/suggest/groups'
import { gwrDir } from '../support/paths'

const text = readFileSync(join(gwrDir, '2019_gwr_national.txt'), 'utf8')
const meta = { docType: 'government-work-report' as const, year: 2019 }
const proposals: Annotation[] = suggest({ text, documentYear: 2019, docType: meta.docType, indicators: starterCodebook }).map((p, i) => ({
  id: `p${i}`,
  documentId: 'd',
  start: p.start,
  end: p.end,
  quote: p.quote,
  prefix: '',
  suffix: '',
  label: p.label,
  attributes: p.attributes,
  links: [],
  status: 'suggested',
  author: 'suggest',
  createdAt: '',
  updatedAt: '',
}))

describe('proposal groups', () => {
  const groups = proposalGroups(text, meta, proposals)

  it('groups every proposed commitment, once, under the heading before it', () => {
    const commitments = proposals.filter((p) => p.label === 'commitment')
    expect(groups.flatMap((group) => group.members).map((m) => m.id).sort()).toEqual(commitments.map((c) => c.id).sort())
    const tasks = groups.find((group) => group.title.startsWith('（一）继续创新和完善宏观调控'))!
    expect(tasks.members.length).toBeGreaterThan(10)
    for (const member of tasks.members) expect(member.start).toBeGreaterThan(text.indexOf('（一）继续创新和完善宏观调控'))
  })

  it('folded, only figures are shown; unfolding one section shows its commitments', () => {
    const shown = withoutFolded(proposals, groups, new Set())
    expect(shown.every((a) => a.label !== 'commitment')).toBe(true)
    expect(shown.length).toBe(proposals.length - groups.reduce((n, g) => n + g.members.length, 0))
    const open = withoutFolded(proposals, groups, new Set([groups[2].key]))
    expect(open.filter((a) => a.label === 'commitment')).toEqual(groups[2].members)
  })

  it('Tab stops at each folded group where it begins, in text order', () => {
    const order = stops(withoutFolded(proposals, groups, new Set()), groups, new Set())
    const starts = order.map((stop) => (stop.kind === 'annotation' ? stop.annotation.start : stop.group.start))
    expect(starts).toEqual([...starts].sort((a, b) => a - b))
    expect(order.filter((stop) => stop.kind === 'group')).toHaveLength(groups.length)
  })

  it('other document types are not folded', () => {
    expect(proposalGroups(text, { ...meta, docType: 'action-plan' }, proposals)).toEqual([])
  })
})
