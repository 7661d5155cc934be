import { describe, expect, it } from 'vitest'
import { UndoHistory, batchByDocument, inverseEdit, type AnnotationEdit } from '../../src/shared/annotation-edits'
import type { Annotation } from '../../src/shared/model'

const annotation = (id: string, label = 'target'): Annotation => ({
  id,
  documentId: '0123456789abcdef',
  start: 0,
  end: 4,
  quote: '力争突破',
  prefix: '',
  suffix: '',
  label,
  attributes: {},
  links: [],
  status: 'accepted',
  author: '',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
})

describe('inverseEdit', () => {
  it.each<[string, AnnotationEdit, AnnotationEdit]>([
    ['create ↔ delete', { kind: 'create', after: annotation('a') }, { kind: 'delete', before: annotation('a') }],
    ['delete ↔ create', { kind: 'delete', before: annotation('a') }, { kind: 'create', after: annotation('a') }],
    ['update swaps', { kind: 'update', before: annotation('a'), after: annotation('a', 'commitment') }, { kind: 'update', before: annotation('a', 'commitment'), after: annotation('a') }],
    ['a batch (an adoption) swaps what it creates and removes', { kind: 'batch', create: [annotation('a'), annotation('b')], remove: [annotation('c')] }, { kind: 'batch', create: [annotation('c')], remove: [annotation('a'), annotation('b')] }],
  ])('%s', (_, edit, inverse) => {
    expect(inverseEdit(edit)).toEqual(inverse)
    expect(inverseEdit(inverseEdit(edit))).toEqual(edit)
  })
})

describe('UndoHistory', () => {
  it('undoes and redoes in order, and a new edit clears the redo side', () => {
    const history = new UndoHistory()
    const first: AnnotationEdit = { kind: 'create', after: annotation('a') }
    const second: AnnotationEdit = { kind: 'create', after: annotation('b') }
    history.record(first)
    history.record(second)
    expect(history.undo()).toEqual(inverseEdit(second))
    expect(history.undo()).toEqual(inverseEdit(first))
    expect(history.undo()).toBeNull()
    expect(history.redo()).toEqual(first)
    history.record({ kind: 'delete', before: annotation('a') })
    expect(history.canRedo).toBe(false)
  })

  it('puts a failed undo back', () => {
    const history = new UndoHistory()
    history.record({ kind: 'create', after: annotation('a') })
    history.undo()
    history.revertUndo()
    expect(history.canUndo).toBe(true)
    expect(history.canRedo).toBe(false)
  })

  it('forgets an edit whose save failed, on either side, and keeps the rest in order', () => {
    const history = new UndoHistory()
    const kept: AnnotationEdit = { kind: 'create', after: annotation('a') }
    const failed: AnnotationEdit = { kind: 'create', after: annotation('b') }
    history.record(kept)
    history.record(failed)
    history.forget(failed)
    expect(history.undo()).toEqual(inverseEdit(kept))
    expect(history.undo()).toBeNull()

    history.record(failed)
    history.undo()
    history.forget(failed)
    expect(history.canRedo).toBe(false)
  })

  it('forgets the oldest edits beyond its limit', () => {
    const history = new UndoHistory(2)
    for (const id of ['a', 'b', 'c']) history.record({ kind: 'create', after: annotation(id) })
    expect(history.undo()).not.toBeNull()
    expect(history.undo()).not.toBeNull()
    expect(history.undo()).toBeNull()
  })
})

describe('batchByDocument', () => {
  it('groups a batch by document, so it is saved with one write per document', () => {
    const other = { ...annotation('d'), documentId: 'fedcba9876543210' }
    expect(batchByDocument({ kind: 'batch', create: [annotation('a'), other], remove: [annotation('c')] })).toEqual([
      { documentId: '0123456789abcdef', create: [annotation('a')], remove: [annotation('c')] },
      { documentId: 'fedcba9876543210', create: [other], remove: [] },
    ])
  })

  it('one undo takes a whole batch back', () => {
    const history = new UndoHistory()
    const batch: AnnotationEdit = { kind: 'batch', create: [annotation('a'), annotation('b')], remove: [] }
    history.record({ kind: 'create', after: annotation('x') })
    history.record(batch)
    expect(history.undo()).toEqual({ kind: 'batch', create: [], remove: [annotation('a'), annotation('b')] })
    expect(history.undo()).toEqual({ kind: 'delete', before: annotation('x') })
  })
})
