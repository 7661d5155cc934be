// Document edits share the annotations' undo history: each knows its inverse.
import { describe, expect, it } from 'vitest'
import { UndoHistory, inverseEdit, isDocumentEdit, type WorkbenchEdit } from '../../src/shared/annotation-edits'
import type { DocumentRecord } from '../../src/shared/model'

const record: DocumentRecord = {
  id: 'aaaaaaaaaaaaaaaa',
  sha256: 'a'.repeat(64),
  title: '2019年政府工作报告',
  textLength: 10,
  meta: { year: 2019, date: null, docNumber: null, issuer: '国务院', docType: 'government-work-report', script: 'zh-Hans' },
  source: { fileName: 'a.txt', format: 'txt', encoding: 'utf-8' },
  importedAt: '',
  cleanupApplied: [],
}
const renamed: DocumentRecord = { ...record, title: '新标题' }

describe('document edits in the undo history', () => {
  it.each<[string, WorkbenchEdit, WorkbenchEdit]>([
    ['metadata: back to the old record', { kind: 'document-update', before: record, after: renamed }, { kind: 'document-update', before: renamed, after: record }],
    ['a deletion is undone by a restore', { kind: 'document-delete', before: record }, { kind: 'document-restore', after: record }],
    ['a restore is undone by a deletion', { kind: 'document-restore', after: record }, { kind: 'document-delete', before: record }],
  ])('%s', (_name, edit, inverse) => {
    expect(isDocumentEdit(edit)).toBe(true)
    expect(inverseEdit(edit)).toEqual(inverse)
    expect(inverseEdit(inverseEdit(edit))).toEqual(edit)
  })

  it('undoes and redoes them in order with annotation edits', () => {
    const history = new UndoHistory()
    history.record({ kind: 'document-update', before: record, after: renamed })
    history.record({ kind: 'document-delete', before: renamed })
    expect(history.undo()).toEqual({ kind: 'document-restore', after: renamed })
    expect(history.undo()).toEqual({ kind: 'document-update', before: renamed, after: record })
    expect(history.redo()).toEqual({ kind: 'document-update', before: record, after: renamed })
    expect(history.canRedo).toBe(true)
  })
})
