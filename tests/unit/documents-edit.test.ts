// Documents are editable and deletable through the contract and the command line; a deletion
// loses nothing and is undone by restoring from backups/.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import type { AppInfo, DocumentSummary } from '../../src/shared/api'
import type { Annotation, DocumentRecord } from '../../src/shared/model'
import { seedsDir, tempDir } from '../support/paths'
import { cli } from './run-cli'

const sessions: WorkbenchSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
})

async function started() {
  const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
  sessions.push(session)
  const dir = join(await tempDir('documents'), 'ws')
  await session.start(dir)
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const outcome = await session.dispatch(name, input)
    if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code })
    return outcome.value as T
  }
  return { session, dir, call }
}

const exists = (path: string) => stat(path).then(() => true, () => false)

describe('documents.updateMeta', () => {
  it('corrects title and metadata, keeps the text and id, and lists the new values', async () => {
    const { call } = await started()
    const [first] = await call<DocumentSummary[]>('documents.list', {})
    const updated = await call<DocumentRecord>('documents.updateMeta', {
      id: first.id,
      title: '新标题',
      meta: { year: 2030, date: '2030-01-02', docNumber: '穗科〔2030〕1号', issuer: '廣州市科學技術局', docType: 'other', script: 'zh-Hant' },
    })
    expect(updated).toMatchObject({ id: first.id, title: '新标题', meta: { year: 2030, issuer: '廣州市科學技術局', docType: 'other', script: 'zh-Hant' } })
    const listed = (await call<DocumentSummary[]>('documents.list', {})).find((doc) => doc.id === first.id)!
    expect(listed).toMatchObject({ title: '新标题', year: 2030, issuer: '廣州市科學技術局', date: '2030-01-02', docNumber: '穗科〔2030〕1号' })
    // Only what is given changes.
    const partial = await call<DocumentRecord>('documents.updateMeta', { id: first.id, meta: { year: 2031 } })
    expect(partial.meta).toMatchObject({ year: 2031, issuer: '廣州市科學技術局' })
    expect(partial.title).toBe('新标题')
  })

  it('refuses what a document cannot hold, in the user’s language', async () => {
    const { session } = await started()
    const [first] = session.workspace!.documents
    const badYear = await session.dispatch('documents.updateMeta', { id: first.id, meta: { year: 99 } })
    expect(badYear).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const emptyTitle = await session.dispatch('documents.updateMeta', { id: first.id, title: '   ' })
    expect(emptyTitle).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const unknown = await session.dispatch('documents.updateMeta', { id: '0000000000000000', title: 'x' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'DOCUMENT_NOT_FOUND' } })
  })
})

describe('documents.delete and documents.restore', () => {
  it('moves text, annotations and record to backups/, and puts them back in place', async () => {
    const { call, dir } = await started()
    const before = await call<DocumentSummary[]>('documents.list', {})
    const doc = before[2]
    const { text } = await call<{ text: string }>('documents.get', { id: doc.id })
    const annotation = await call<Annotation>('annotations.create', { documentId: doc.id, start: 0, end: 4, label: 'commitment' })
    const deleted = await call<{ document: DocumentRecord; backup: string }>('documents.delete', { id: doc.id })
    expect(deleted.backup).toBe(join('backups', 'deleted-documents', doc.id))
    expect((await call<DocumentSummary[]>('documents.list', {})).map((listed) => listed.id)).toEqual(before.filter((listed) => listed.id !== doc.id).map((listed) => listed.id))
    expect(await exists(join(dir, 'documents', `${doc.id}.txt`))).toBe(false)
    expect(await readFile(join(dir, deleted.backup, `${doc.id}.txt`), 'utf8')).toBe(text)
    expect(await readdir(join(dir, deleted.backup))).toEqual(expect.arrayContaining([`${doc.id}.json`, 'record.json']))
    expect((await call<Annotation[]>('annotations.listAll', {})).some((known) => known.id === annotation.id)).toBe(false)
    const search = await call<{ hits: Array<{ documentId: string }> }>('search.workspace', { query: text.slice(0, 6) })
    expect(search.hits.some((hit) => hit.documentId === doc.id)).toBe(false)

    const restored = await call<DocumentRecord>('documents.restore', { id: doc.id })
    expect(restored.id).toBe(doc.id)
    expect((await call<DocumentSummary[]>('documents.list', {})).map((listed) => listed.id)).toEqual(before.map((listed) => listed.id))
    expect((await call<Annotation[]>('annotations.list', { documentId: doc.id })).map((known) => known.id)).toEqual([annotation.id])
    expect(await exists(join(dir, deleted.backup))).toBe(false)
    await expect(call('documents.restore', { id: doc.id })).rejects.toMatchObject({ code: 'DELETED_DOCUMENT_NOT_FOUND' })
  })

  it('deletes and restores from the command line, and says how to restore', async () => {
    const { session, dir } = await started()
    const id = session.workspace!.documents[0].id
    await session.close()
    const deleted = await cli('documents', 'delete', dir, id, '--lang', 'en')
    expect(deleted.code).toBe(0)
    expect(deleted.stdout).toContain(`documents restore ${dir} ${id}`)
    expect((await cli('documents', 'deleted', dir, '--json')).stdout).toContain(id)
    expect(JSON.parse((await cli('list', dir, '--json')).stdout).documents).toHaveLength(4)
    expect((await cli('documents', 'restore', dir, id)).code).toBe(0)
    expect(JSON.parse((await cli('list', dir, '--json')).stdout).documents).toHaveLength(5)
    const again = await cli('documents', 'restore', dir, id, '--lang', 'zh-CN')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('找不到已删除的文档')
    expect((await cli('documents', 'delete', dir)).code).toBe(1)
  })
})

describe('app.info', () => {
  it('gives the version, the workspace folder and the data folder', async () => {
    const { call, dir } = await started()
    const packageJson = JSON.parse(await readFile(join(seedsDir, '..', 'package.json'), 'utf8')) as { version: string }
    expect(await call<AppInfo>('app.info', {})).toEqual({ version: packageJson.version, workspaceDir: dir, dataDir: null })
  })
})
