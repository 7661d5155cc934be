import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WorkspaceSearchResult } from '../../src/shared/api'
import { WorkbenchSession, createWorkspace, type Dialogs } from '../../src/main/services/workbench-session'
import { DOCUMENTS_DIR, WorkspaceStore } from '../../src/main/services/workspace-store'
import { seedsDir, tempDir } from '../support/paths'

const noDialogs: Dialogs = { chooseFolder: async () => null, chooseFiles: async () => [] }
const sessions: WorkbenchSession[] = []
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()))
})

/** A session on a real workspace holding the five seeds; `before` runs on its folder first. */
async function seededSession(before?: (store: WorkspaceStore) => Promise<void>): Promise<WorkbenchSession> {
  const dir = join(await tempDir('search'), 'ws')
  const store = await createWorkspace(dir, seedsDir)
  await before?.(store)
  await store.close()
  const session = new WorkbenchSession({ seedsDir, dialogs: noDialogs })
  sessions.push(session)
  await session.start(dir)
  return session
}

async function search(session: WorkbenchSession, input: Record<string, unknown>): Promise<WorkspaceSearchResult> {
  const outcome = await session.dispatch('search.workspace', input)
  if (!outcome.ok) throw new Error(outcome.error.message)
  return outcome.value as WorkspaceSearchResult
}

const traditionalSeed = (session: WorkbenchSession) => session.workspace!.documents.find((doc) => doc.meta.script === 'zh-Hant')!

describe('search.workspace', () => {
  it('finds a simplified query in the traditional seed, at exact offsets into its text', async () => {
    const session = await seededSession()
    const result = await search(session, { query: '高新技术企业', limit: 100 })
    // 8 + 6 + 9 + 12 + 1 occurrences in the five seeds, nine of them written 高新技術企業 in 002
    // (seed 003's twelfth was split by a PDF page break, `实施高**` / `新技术企业`, until its clean-up).
    expect(result.total).toBe(36)
    expect(result.hits).toHaveLength(36)
    const seed002 = traditionalSeed(session)
    const text = await session.workspace!.text(seed002.id)
    const traditional = result.hits.filter((hit) => hit.documentId === seed002.id)
    expect(traditional).toHaveLength(9)
    for (const hit of traditional) {
      expect(text.slice(hit.start, hit.end)).toBe('高新技術企業')
      expect(hit).toMatchObject({ match: '高新技術企業', title: seed002.title, year: 2019, docType: 'action-plan', script: 'zh-Hant' })
      expect(text.slice(hit.start - hit.before.length, hit.start)).toBe(hit.before)
      expect(text.slice(hit.end, hit.end + hit.after.length)).toBe(hit.after)
    }
    const simplified = result.hits.filter((hit) => hit.documentId !== seed002.id)
    expect(simplified.every((hit) => hit.match === '高新技术企业')).toBe(true)
  })

  it('folds width and ignores the query’s surrounding spaces', async () => {
    const session = await seededSession()
    const plain = await search(session, { query: '2019年' })
    expect(plain.total).toBeGreaterThan(0)
    expect(await search(session, { query: '  ２０１９年 ' })).toEqual(plain)
  })

  it('pages through every hit in document order', async () => {
    const session = await seededSession()
    const all = await search(session, { query: '高新技术企业', limit: 100 })
    const pages: WorkspaceSearchResult[] = []
    for (let offset = 0; offset < all.total; offset += 10) pages.push(await search(session, { query: '高新技术企业', offset, limit: 10 }))
    expect(pages.map((page) => page.hits.length)).toEqual([10, 10, 10, 6])
    expect(pages.every((page) => page.total === 36)).toBe(true)
    expect(pages.flatMap((page) => page.hits)).toEqual(all.hits)
    expect(await search(session, { query: '高新技术企业', offset: 36 })).toEqual({ total: 36, hits: [] })
    // Fifty by default.
    expect((await search(session, { query: '的' })).hits).toHaveLength(50)
  })

  it('answers an empty query and a query without hits with nothing', async () => {
    const session = await seededSession()
    expect(await search(session, { query: '' })).toEqual({ total: 0, hits: [] })
    expect(await search(session, { query: '   ' })).toEqual({ total: 0, hits: [] })
    expect(await search(session, { query: '量子引力' })).toEqual({ total: 0, hits: [] })
  })

  it('refuses a long query and a page over 100', async () => {
    const session = await seededSession()
    for (const input of [{ query: '高'.repeat(101) }, { query: '高', limit: 101 }, { query: '高', limit: 0 }, { query: '高', offset: -1 }]) {
      expect(await session.dispatch('search.workspace', input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
  })

  it('folds each text once, then answers from memory', async () => {
    const session = await seededSession()
    const read = vi.spyOn(session.workspace!, 'text')
    await search(session, { query: '高新技术企业' })
    expect(read).toHaveBeenCalledTimes(5)
    await search(session, { query: '技术合同成交额' })
    await search(session, { query: '科技' })
    expect(read).toHaveBeenCalledTimes(5)
  })

  it('searches the other documents when one document’s file is missing', async () => {
    let missingId = ''
    const session = await seededSession(async (store) => {
      missingId = store.documents.find((doc) => doc.meta.script === 'zh-Hant')!.id
      await rm(join(store.dir, DOCUMENTS_DIR, `${missingId}.txt`))
    })
    const result = await search(session, { query: '高新技术企业', limit: 100 })
    expect(result.total).toBe(27)
    expect(result.hits.some((hit) => hit.documentId === missingId)).toBe(false)
  })
})
