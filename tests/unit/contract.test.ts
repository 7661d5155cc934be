import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { api, operationNames } from '../../src/shared/api'
import { errorMessages } from '../../src/shared/messages'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'

const noDialogs: Dialogs = { chooseFolder: async () => null, chooseFiles: async () => [] }
const sessions: WorkbenchSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
})

async function startedSession(dialogs: Dialogs = noDialogs): Promise<WorkbenchSession> {
  const session = new WorkbenchSession({ seedsDir, dialogs })
  sessions.push(session)
  await session.start(join(await tempDir('contract'), 'ws'))
  return session
}

describe('the API contract', () => {
  it('has a schema for every operation, and the session handles each of them', async () => {
    const session = await startedSession()
    expect(operationNames.length).toBeGreaterThan(5)
    for (const name of operationNames) {
      expect(api[name].input).toBeDefined()
      const outcome = await session.dispatch(name, { definitelyNotAField: 1 })
      // Every operation is strict: an unknown field is refused before any handler runs.
      expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
  })

  const documentId = 'f04a18e09f0948de'
  it.each([
    ['a missing field', 'documents.get', {}],
    ['a wrong type', 'documents.get', { id: 42 }],
    ['an id that is not 16 hex digits', 'documents.get', { id: '../../etc/passwd' }],
    ['an empty span', 'annotations.create', { documentId, start: 5, end: 5, label: 'target' }],
    ['a negative offset', 'annotations.create', { documentId, start: -1, end: 5, label: 'target' }],
    ['a fractional offset', 'annotations.create', { documentId, start: 1.5, end: 5, label: 'target' }],
    ['a year out of range', 'annotations.create', { documentId, start: 1, end: 5, label: 'target', attributes: { periodYear: 99999 } }],
    ['an unknown comparator', 'annotations.create', { documentId, start: 1, end: 5, label: 'target', attributes: { comparator: 'about' } }],
    ['NaN as a value', 'annotations.create', { documentId, start: 1, end: 5, label: 'target', attributes: { value: Number.NaN } }],
    ['a __proto__ key', 'settings.update', JSON.parse('{"__proto__": {"polluted": true}, "locale": "en"}')],
    ['a constructor key', 'settings.update', { constructor: { prototype: { polluted: true } } }],
    ['an unknown locale', 'settings.update', { locale: 'fr' }],
    ['a string instead of an object', 'documents.list', 'everything'],
  ])('refuses %s with INVALID_INPUT', async (_, name, input) => {
    const session = await startedSession()
    const outcome = await session.dispatch(name, input)
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('INVALID_INPUT')
      expect(outcome.error.message).toMatch(/^请求的参数无效：/)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // Nothing was written.
    expect(session.workspace?.settings.locale).toBe('zh-CN')
  })

  it('refuses unknown operations, including prototype names', async () => {
    const session = await startedSession()
    for (const name of ['documents.purge', '__proto__', 'constructor', 'toString', 42]) {
      expect(await session.dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } })
    }
  })

  it('answers in the language the user chose', async () => {
    const session = await startedSession()
    const missing = { id: '0000000000000000' }
    const zh = await session.dispatch('documents.get', missing)
    expect(zh).toMatchObject({ ok: false, error: { code: 'DOCUMENT_NOT_FOUND', message: '找不到文档：0000000000000000' } })
    await session.dispatch('settings.update', { locale: 'en' })
    const en = await session.dispatch('documents.get', missing)
    expect(en).toMatchObject({ ok: false, error: { message: 'Document not found: 0000000000000000' } })
  })

  it('has every error message in both languages with the same placeholders', () => {
    for (const [code, text] of Object.entries(errorMessages)) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(placeholders(text.en), code).toEqual(placeholders(text['zh-CN']))
    }
  })

  it('creates, lists, updates and deletes annotations through dispatch', async () => {
    const session = await startedSession()
    // Seed 003 (its id is the hash of the text as imported, after the clean-up).
    const documentId = session.workspace!.documents.find((doc) => doc.source.fileName.startsWith('003_'))!.id
    const created = await session.dispatch('annotations.create', { documentId, start: 10, end: 20, label: 'commitment' })
    expect(created.ok).toBe(true)
    const id = created.ok ? (created.value as { id: string }).id : ''
    const updated = await session.dispatch('annotations.update', { documentId, id, attributes: { note: '下一步' } })
    expect(updated).toMatchObject({ ok: true, value: { attributes: { note: '下一步' } } })
    const listed = await session.dispatch('documents.list', {})
    expect(listed.ok && (listed.value as Array<{ id: string; annotationCount: number }>).find((d) => d.id === documentId)?.annotationCount).toBe(1)
    expect(await session.dispatch('annotations.delete', { documentId, id })).toMatchObject({ ok: true })
    expect(await session.dispatch('annotations.list', { documentId })).toEqual({ ok: true, value: [] })
  })

  it('refuses a dropped file over the import limit the user set, and previews the others', async () => {
    const session = await startedSession()
    expect(await session.dispatch('settings.update', { maxImportMegabytes: 1 })).toMatchObject({ ok: true, value: { maxImportMegabytes: 1 } })
    const big = Buffer.alloc(1024 * 1024 + 1, 0x41).toString('base64')
    const refused = await session.dispatch('import.addBytes', { fileName: 'big.txt', base64: big })
    expect(refused).toMatchObject({ ok: true, value: { previews: [], failures: [{ fileName: 'big.txt', error: { code: 'FILE_TOO_LARGE' } }] } })
    const small = Buffer.from('广州市科学技术局关于某某事项的通知\n2021年3月1日\n').toString('base64')
    const accepted = await session.dispatch('import.addBytes', { fileName: 'notice.txt', base64: small })
    expect(accepted).toMatchObject({ ok: true, value: { previews: [{ fileName: 'notice.txt', meta: { year: 2021 } }], failures: [] } })
  })

  it('keeps running without a workspace when the folder cannot be opened, and says why', async () => {
    const session = new WorkbenchSession({ seedsDir, dialogs: noDialogs })
    sessions.push(session)
    const dir = await tempDir('not-empty')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(join(dir, 'notes.txt'), 'mine')
    await session.start(dir)
    expect(await session.dispatch('workspace.info', {})).toMatchObject({ ok: false, error: { code: 'FOLDER_NOT_EMPTY' } })
  })
})
