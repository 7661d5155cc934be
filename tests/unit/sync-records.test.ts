// The pure side of team sync: ids, what travels, what comes back, and who wins a conflict.
import { describe, expect, it } from 'vitest'
import type { Annotation, DocumentRecord, WorkspaceFile } from '../../src/shared/model'
import { builtInLabels, defaultSettings } from '../../src/shared/model'
import { annotationChanges, decodeLocalKey, encodeLocalKey, workspaceChanges } from '../../src/shared/sync/changes'
import { chooseWinner } from '../../src/shared/sync/conflicts'
import {
  annotationDocId,
  annotationRecord,
  curatedRecord,
  decisionDocId,
  decisionRecord,
  documentRecord,
  hashKey,
  indicatorRecord,
  labelRecord,
  parseDocId,
  parseIncoming,
  sameBody,
  SyncUserSchema,
} from '../../src/shared/sync/records'
import { syncState } from '../../src/shared/sync/status'
import { localUnitKey, portableUnitKey } from '../../src/shared/sync/unit-keys'

const documentId = '0123456789abcdef'
const annotation: Annotation = {
  id: 'a1',
  documentId,
  start: 0,
  end: 2,
  quote: '目标',
  prefix: '',
  suffix: '',
  label: 'target',
  attributes: { indicator: 'gdp', value: 6 },
  links: [],
  status: 'accepted',
  author: '李娜',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}
const text = '目标文本'
const sha = 'a'.repeat(64)
const document: DocumentRecord = {
  id: documentId,
  sha256: sha,
  title: '报告',
  textLength: text.length,
  meta: { year: 2020, date: null, docNumber: null, issuer: null, docType: 'other', script: 'zh-Hans' },
  source: { fileName: 'r.txt', format: 'txt', encoding: 'utf-8' },
  importedAt: '2026-01-01T00:00:00.000Z',
  cleanupApplied: [],
}
const asDoc = (record: { id: string; body: object }, extra: Record<string, unknown> = {}) => ({ _id: record.id, _rev: '1-x', ...record.body, ...extra })

describe('sync ids', () => {
  it.each([
    ['doc:' + sha, { kind: 'document', key: sha }],
    ['ind:gdp', { kind: 'indicator', key: 'gdp' }],
    ['label:target', { kind: 'label', key: 'target' }],
    ['ann:ana:a1', { kind: 'annotation', annotator: 'ana', key: 'a1' }],
    ['ann:ana:with:colons', { kind: 'annotation', annotator: 'ana', key: 'with:colons' }],
    ['curated:c1', { kind: 'curated', key: 'c1' }],
    ['decision:0123456789abcdef:00ff', { kind: 'decision', key: '0123456789abcdef:00ff' }],
    ['_design/access', null],
    ['ann:ana:', null],
    ['ann::a1', null],
    ['doc:', null],
    ['something-else', null],
  ])('%s parses as %j', (id, expected) => {
    expect(parseDocId(id)).toEqual(expected)
  })

  it.each([
    ['ana', true],
    ['李娜', true],
    ['a:b', false],
    ['_admin', false],
    ['', false],
  ])('user name %j is acceptable: %s', (name, ok) => {
    expect(SyncUserSchema.safeParse(name).success).toBe(ok)
  })

  it('names a decision by its document and a stable hash of its unit key', () => {
    const key = 'target|workspace/a1,team-x/b2'
    expect(decisionDocId(documentId, key)).toBe(`decision:${documentId}:${hashKey(key)}`)
    expect(hashKey(key)).toMatch(/^[0-9a-f]{16}$/)
    expect(hashKey(key)).toBe(hashKey(`${key}`))
    expect(hashKey(key)).not.toBe(hashKey(`${key} `))
    expect(hashKey('ab')).not.toBe(hashKey('ba'))
  })
})

describe('what travels', () => {
  it('sends a document by sha256 with its text, without the local import time', () => {
    const record = documentRecord(document, text)
    expect(record.id).toBe(`doc:${sha}`)
    expect(record.body).toMatchObject({ type: 'document', text, document: { sha256: sha, title: '报告' } })
    expect(JSON.stringify(record.body)).not.toContain('importedAt')
  })

  it.each([
    ['accepted', true],
    ['suggested', false],
    ['rejected', false],
  ] as const)('an annotation with status %s travels: %s', (status, travels) => {
    const record = annotationRecord('ana', { ...annotation, status })
    expect(record !== null).toBe(travels)
    if (record) expect(record.id).toBe(annotationDocId('ana', 'a1'))
  })

  it('leaves the suggestion engine’s provenance on the machine that made it', () => {
    const record = annotationRecord('ana', { ...annotation, suggestion: { confidence: 0.9, rule: 'r1' } })
    expect(record?.body).not.toHaveProperty('annotation.suggestion')
  })

  it('round-trips every kind through parseIncoming', () => {
    const decision = { unitKey: 'target|workspace/a1', documentId, action: 'accept' as const, annotationIds: ['c1'], author: 'sup', decidedAt: '2026-01-01' }
    for (const record of [
      documentRecord(document, text),
      indicatorRecord({ key: 'gdp', name: 'GDP', aliases: [], unit: '%', higherIsBetter: true }),
      labelRecord(builtInLabels[0]),
      annotationRecord('ana', annotation)!,
      curatedRecord({ ...annotation, id: 'c1' }),
      decisionRecord(decision),
    ]) {
      const incoming = parseIncoming(asDoc(record, { _conflicts: ['1-y'] }))
      expect(incoming.ok, record.id).toBe(true)
      if (incoming.ok === true && !incoming.deleted) expect(sameBody(incoming.body, record.body)).toBe(true)
    }
  })
})

describe('what comes back is checked against the workspace schema', () => {
  const good = annotationRecord('ana', annotation)!
  it.each([
    ['a negative offset', asDoc(good, { annotation: { ...annotation, start: -1 } }), /start/],
    ['an unknown field', asDoc(good, { extra: 1 }), /extra|Unrecognized/i],
    ['a missing schema version', { ...asDoc(good), schemaVersion: undefined }, /schemaVersion/],
    ['a future schema version', asDoc(good, { schemaVersion: 2 }), /schemaVersion/],
    ['the wrong type for its id', { ...asDoc(labelRecord(builtInLabels[0])), _id: 'ann:ana:a1' }, /type label/],
    ['content under another id', { ...asDoc(good), _id: 'ann:ana:zz' }, /belongs under ann:ana:a1/],
    ['a suggestion in a layer', asDoc(good, { annotation: { ...annotation, status: 'suggested' } }), /only accepted/],
    ['a text shorter than declared', asDoc(documentRecord(document, text), { text: '目标' }), /textLength/],
    ['a label colour that is not one', asDoc(labelRecord({ ...builtInLabels[0], color: 'red' })), /color/],
    ['not an object body', { _id: 'ind:x', _rev: '1-a', schemaVersion: 1, type: 'indicator', indicator: 'gdp' }, /indicator/],
  ])('refuses %s, with the reason', (_, doc, reason) => {
    const incoming = parseIncoming(doc as Record<string, unknown>)
    expect(incoming.ok).toBe(false)
    if (incoming.ok === false) expect(incoming.reason).toMatch(reason)
  })

  it('takes a tombstone as a deletion and leaves design documents alone', () => {
    expect(parseIncoming({ _id: 'ann:ana:a1', _rev: '2-x', _deleted: true })).toMatchObject({ ok: true, deleted: true, kind: 'annotation' })
    expect(parseIncoming({ _id: '_design/access', validate_doc_update: 'function () {}' })).toEqual({ ok: 'ignored', id: '_design/access' })
  })
})

describe('conflicts: CouchDB’s winner', () => {
  it.each([
    ['the longer history wins', [{ rev: '2-aaa' }, { rev: '3-000' }], '3-000', ['2-aaa']],
    ['at equal length the greater hash wins', [{ rev: '2-abc' }, { rev: '2-abd' }], '2-abd', ['2-abc']],
    ['a live leaf beats a longer deleted one', [{ rev: '5-fff', deleted: true }, { rev: '2-000' }], '2-000', []],
    ['three ways', [{ rev: '2-b' }, { rev: '2-c' }, { rev: '2-a' }], '2-c', ['2-b', '2-a']],
    ['revision 10 is longer than 9 (numbers, not strings)', [{ rev: '9-f' }, { rev: '10-0' }], '10-0', ['9-f']],
  ])('%s', (_, leaves, winner, losers) => {
    const chosen = chooseWinner(leaves)
    expect(chosen.winner.rev).toBe(winner)
    expect(chosen.losers.map((leaf) => leaf.rev)).toEqual(losers)
  })

  it('picks the same winner whatever order the leaves come in', () => {
    const leaves = [{ rev: '3-a1' }, { rev: '3-b2' }, { rev: '2-ff' }]
    expect(chooseWinner([...leaves].reverse()).winner).toEqual(chooseWinner(leaves).winner)
  })
})

describe('what a save changed, for the outbox', () => {
  it('finds changed, added and deleted annotations by identity', () => {
    const kept = { ...annotation, id: 'k' }
    const edited = { ...annotation, id: 'e' }
    const gone = { ...annotation, id: 'g' }
    const before = [kept, edited, gone]
    const after = [kept, { ...edited, label: 'achievement' }, { ...annotation, id: 'n' }]
    expect(annotationChanges(documentId, before, after).sort()).toEqual([`a:${documentId}:e`, `a:${documentId}:g`, `a:${documentId}:n`])
  })

  it('finds changed documents, labels and indicators in workspace.json, not settings', () => {
    const base: WorkspaceFile = {
      schemaVersion: 1,
      name: 'w',
      createdAt: '',
      documents: [document],
      labels: builtInLabels,
      indicators: [{ key: 'gdp', name: 'GDP', aliases: [], unit: '%', higherIsBetter: true }],
      settings: defaultSettings,
    }
    const next: WorkspaceFile = {
      ...base,
      labels: [...builtInLabels.slice(1)],
      indicators: [{ ...base.indicators[0], name: '国内生产总值' }],
      settings: { ...base.settings, locale: 'en' },
    }
    expect(workspaceChanges(base, next).sort()).toEqual(['i:gdp', 'l:target'])
    expect(workspaceChanges(base, { ...base, settings: next.settings })).toEqual([])
  })

  it.each([
    [{ kind: 'annotation', documentId, id: 'x:y' }],
    [{ kind: 'document', documentId }],
    [{ kind: 'label', key: 'my:label' }],
    [{ kind: 'indicator', key: '指标' }],
  ] as const)('local key %j round-trips', (key) => {
    expect(decodeLocalKey(encodeLocalKey(key))).toEqual(key)
  })
})

describe('the top bar state', () => {
  it.each([
    [{ configured: false, running: false, lastFailed: false, pending: 3, conflicts: 0 }, 'unconfigured'],
    [{ configured: true, running: true, lastFailed: false, pending: 3, conflicts: 1 }, 'syncing'],
    [{ configured: true, running: false, lastFailed: false, pending: 0, conflicts: 2 }, 'conflicts'],
    [{ configured: true, running: false, lastFailed: true, pending: 0, conflicts: 0 }, 'offline'],
    [{ configured: true, running: false, lastFailed: false, pending: 4, conflicts: 0 }, 'offline'],
    [{ configured: true, running: false, lastFailed: false, pending: 0, conflicts: 0 }, 'synced'],
  ])('%j → %s', (input, state) => {
    expect(syncState(input)).toBe(state)
  })
})

describe('decisions name team members’ layers portably', () => {
  const names: Record<string, string> = { workspace: 'wang', 'team-0123456789abcdef': 'ana' }
  const nameOf = (sourceId: string) => names[sourceId] ?? null
  const anaSide = (name: string) => (name === 'ana' ? 'workspace' : `team-of-${name}`)
  it.each([
    ['target|team-0123456789abcdef/a1,workspace/w1', 'target|@ana/a1,@wang/w1', 'target|team-of-wang/w1,workspace/a1'],
    ['target|workspace/w1', 'target|@wang/w1', 'target|team-of-wang/w1'],
    ['commitment|0b7c-uuid-of-a-file/x,workspace/w2', 'commitment|0b7c-uuid-of-a-file/x,@wang/w2', 'commitment|0b7c-uuid-of-a-file/x,team-of-wang/w2'],
    ['my|label|workspace/w3', 'my|label|@wang/w3', 'my|label|team-of-wang/w3'],
    ['not a unit key', 'not a unit key', 'not a unit key'],
  ])('%s → %s on the server → %s on the analyst’s machine', (key, portable, there) => {
    expect(portableUnitKey(key, nameOf)).toBe(portable)
    expect(localUnitKey(portable, anaSide)).toBe(there)
    // And back: the supervisor's machine reads its own key again.
    expect(localUnitKey(portable, (name) => (name === 'wang' ? 'workspace' : 'team-0123456789abcdef'))).toBe(key.includes('uuid') ? key : portableUnitKey(key, () => null))
  })

  it('encodes names that would break the key', () => {
    const odd = portableUnitKey('target|workspace/w1', () => '李,娜/|')
    expect(odd).toBe(`target|@${encodeURIComponent('李,娜/|')}/w1`)
    expect(localUnitKey(odd, (name) => (name === '李,娜/|' ? 'workspace' : 'x'))).toBe('target|workspace/w1')
  })
})
