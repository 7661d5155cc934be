// Recovery restores the last completed write, puts back what a restored version forgot, and
// says what it did (issue 14, item 2).
import { mkdir, readFile, readdir, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createWorkspace, WorkbenchSession } from '../../src/main/services/workbench-session'
import { SOURCES_DIR, SourceStore } from '../../src/main/services/sources'
import { ANNOTATIONS_DIR, BACKUPS_DIR, DOCUMENTS_DIR, WORKSPACE_FILE, WorkspaceStore } from '../../src/main/services/workspace-store'
import type { WorkspaceInfo } from '../../src/shared/api'
import { seedsDir, tempDir } from '../support/paths'

const open: WorkspaceStore[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()))
})

async function seeded(prefix: string): Promise<WorkspaceStore> {
  const store = await createWorkspace(join(await tempDir(prefix), 'ws'), seedsDir)
  open.push(store)
  return store
}

async function reopen(dir: string): Promise<WorkspaceStore> {
  const store = await WorkspaceStore.open(dir)
  open.push(store)
  return store
}

const NEW_TEXT = '关于二〇二六年新增文件的通知\n\n今年新增就业一千二百万人以上。'

describe('a damaged file is restored to its last completed write', () => {
  it('workspace.json damaged after an import still lists the imported document', async () => {
    const store = await seeded('last-import')
    const [added] = await store.addDocuments([{ fileName: 'new.txt', text: NEW_TEXT, format: 'txt', encoding: 'utf-8' }])
    await store.close()
    await writeFile(join(store.dir, WORKSPACE_FILE), '{"schemaVersion":1,"documents":[{"id":')
    const again = await reopen(store.dir)
    expect(again.documents.map((doc) => doc.id)).toContain(added.document.id)
    expect(again.documents).toHaveLength(6)
    expect(again.document(added.document.id).source.fileName).toBe('new.txt')
    expect(again.notices.map((notice) => notice.code)).toEqual(['RECOVERED_FROM_BACKUP'])
  })

  it('an annotation file damaged in place keeps its last edit', async () => {
    const store = await seeded('last-edit')
    const doc = store.documents[0]
    await store.createAnnotation({ documentId: doc.id, start: 0, end: 3, label: 'target' })
    const last = await store.createAnnotation({ documentId: doc.id, start: 3, end: 6, label: 'commitment' })
    await store.close()
    const file = join(store.dir, ANNOTATIONS_DIR, `${doc.id}.json`)
    await writeFile(file, 'null')
    const again = await reopen(store.dir)
    expect((await again.annotations(doc.id)).map((annotation) => annotation.id)).toContain(last.id)
  })

  it('an annotation file that vanished is restored from its versions', async () => {
    const store = await seeded('vanished')
    const doc = store.documents[2]
    const made = await store.createAnnotation({ documentId: doc.id, start: 0, end: 3, label: 'target' })
    await store.close()
    await unlink(join(store.dir, ANNOTATIONS_DIR, `${doc.id}.json`))
    const again = await reopen(store.dir)
    expect((await again.annotations(doc.id)).map((annotation) => annotation.id)).toEqual([made.id])
    expect(again.notices.map((notice) => notice.code)).toEqual(['RESTORED_MISSING_FILE'])
  })

  it('an imported source damaged after its only write is restored whole', async () => {
    const store = await seeded('source')
    const doc = store.documents[0]
    const mine = await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
    const sources = new SourceStore(store)
    const source = await sources.addImported({ name: '王五', fileName: 'wang.pwb.json', format: 'json', importedAt: new Date().toISOString(), annotations: [mine], problems: [] })
    await store.close()
    await writeFile(join(store.dir, SOURCES_DIR, `${source.id}.json`), '{"schemaVersion":1,"id":"' + source.id)
    const again = await reopen(store.dir)
    const restored = await new SourceStore(again).annotations(source.id)
    expect(restored.map((annotation) => annotation.id)).toEqual([mine.id])
    expect(again.notices.map((notice) => notice.code)).toEqual(['RECOVERED_FROM_BACKUP'])
  })
})

describe('sources are read when needed', () => {
  it('lists sources from their small index without reading the source files themselves', async () => {
    const store = await seeded('lazy-sources')
    const doc = store.documents[0]
    const annotation = await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
    const source = await new SourceStore(store).addImported({ name: '王五', fileName: 'wang.csv', format: 'csv', importedAt: new Date().toISOString(), annotations: [annotation], problems: [] })
    await store.close()
    // Damage the source in place, same size and the same modification time: only reading it can tell.
    const path = join(store.dir, SOURCES_DIR, `${source.id}.json`)
    const before = await stat(path)
    await writeFile(path, 'x'.repeat(before.size))
    await utimes(path, before.atimeMs / 1000, before.mtimeMs / 1000)
    const again = await reopen(store.dir)
    const sources = new SourceStore(again)
    expect((await sources.list()).map((entry) => [entry.id, entry.annotationCount])).toContainEqual([source.id, 1])
    expect(again.notices).toEqual([])
    // Its annotations are read when asked for, and then the damage is found and repaired.
    expect((await sources.annotations(source.id)).map((a) => a.id)).toEqual([annotation.id])
    expect(again.notices.map((notice) => notice.code)).toEqual(['RECOVERED_FROM_BACKUP'])
  })
})

describe('nothing on disk is hidden', () => {
  it('documents missing from a valid but older workspace.json are put back with their annotations and metadata', async () => {
    const store = await seeded('orphans')
    const older = await readFile(join(store.dir, WORKSPACE_FILE), 'utf8')
    const [added] = await store.addDocuments([{ fileName: 'new.txt', text: NEW_TEXT, format: 'txt', encoding: 'utf-8', title: '改过的标题' }])
    const annotation = await store.createAnnotation({ documentId: added.document.id, start: 0, end: 4, label: 'target' })
    await store.close()
    // What an older version (a restore, a sync tool) would leave: valid, but without the import.
    await writeFile(join(store.dir, WORKSPACE_FILE), older)
    const again = await reopen(store.dir)
    expect(again.document(added.document.id).title).toBe('改过的标题')
    expect((await again.annotations(added.document.id)).map((a) => a.id)).toEqual([annotation.id])
    expect(again.notices).toEqual([expect.objectContaining({ code: 'DOCUMENTS_REATTACHED', params: { count: 1, titles: '「改过的标题」' } })])
    // Put back on disk too, not only in memory.
    await again.close()
    expect((await reopen(store.dir)).notices).toEqual([])
  })

  it('puts back a text whose name is not its checksum once, under its own name', async () => {
    const store = await seeded('renamed-text')
    await store.close()
    await writeFile(join(store.dir, DOCUMENTS_DIR, 'aaaaaaaaaaaaaaaa.txt'), NEW_TEXT)
    const again = await reopen(store.dir)
    expect(again.documents.map((doc) => doc.id)).toContain('aaaaaaaaaaaaaaaa')
    expect(await again.text('aaaaaaaaaaaaaaaa')).toBe(NEW_TEXT)
    await again.close()
    const third = await reopen(store.dir)
    expect(third.documents).toHaveLength(6)
    expect(third.notices).toEqual([])
  })

  it('names annotation files whose document is gone, and leaves them in place', async () => {
    const store = await seeded('unattached')
    await store.close()
    const stray = join(store.dir, ANNOTATIONS_DIR, 'ffffffffffffffff.json')
    await writeFile(stray, '{"schemaVersion":1,"documentId":"ffffffffffffffff","annotations":[]}')
    const again = await reopen(store.dir)
    expect(again.notices).toEqual([expect.objectContaining({ code: 'ANNOTATIONS_UNATTACHED', params: { count: 1, files: 'annotations/ffffffffffffffff.json' } })])
    expect(await readFile(stray, 'utf8')).toContain('ffffffffffffffff')
  })
})

describe('a folder with documents/ and annotations/ but no workspace.json', () => {
  async function withoutWorkspaceFile(prefix: string, keepBackups: boolean) {
    const store = await seeded(prefix)
    const doc = store.documents[1]
    const annotation = await store.createAnnotation({ documentId: doc.id, start: 0, end: 2, label: 'target' })
    await store.close()
    await rm(join(store.dir, WORKSPACE_FILE))
    if (!keepBackups) await rm(join(store.dir, BACKUPS_DIR), { recursive: true })
    return { dir: store.dir, doc, annotation }
  }

  async function startSession(dir: string): Promise<WorkspaceInfo> {
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
    await session.start(dir)
    const outcome = await session.dispatch('workspace.info', {})
    await session.close()
    if (!outcome.ok) throw new Error(outcome.error.message)
    return outcome.value as WorkspaceInfo
  }

  it('opens at start-up with workspace.json restored from its last save', async () => {
    const { dir } = await withoutWorkspaceFile('nows-backup', true)
    const info = await startSession(dir)
    expect(info.documentCount).toBe(5)
    expect(info.notices.map((notice) => notice.code)).toEqual(['RESTORED_MISSING_FILE'])
    expect(await readdir(dir)).toContain(WORKSPACE_FILE)
  })

  it('is rebuilt from its document files when no version is left, naming no file that does not exist', async () => {
    const { dir, doc, annotation } = await withoutWorkspaceFile('nows-rebuild', false)
    const info = await startSession(dir)
    expect(info.documentCount).toBe(5)
    expect(info.notices.map((notice) => notice.code)).toEqual(['WORKSPACE_REBUILT_MISSING'])
    expect(info.notices[0].message).not.toMatch(/另存为|kept as/)
    const again = await reopen(dir)
    expect((await again.annotations(doc.id)).map((a) => a.id)).toEqual([annotation.id])
  })
})

describe('opening cleans up after a crash', () => {
  it('removes temp files in every folder of the workspace, sources/ included', async () => {
    const store = await seeded('temps')
    await store.close()
    await mkdir(join(store.dir, SOURCES_DIR), { recursive: true })
    const leftovers = [
      join(store.dir, SOURCES_DIR, 'abc.json.tmp-123-deadbeef'),
      join(store.dir, DOCUMENTS_DIR, '0000000000000000.txt.tmp-9-00ff00ff'),
      join(store.dir, 'workspace.json.tmp-1-12345678'),
    ]
    for (const file of leftovers) await writeFile(file, 'x'.repeat(1000))
    await reopen(store.dir)
    for (const file of leftovers) await expect(readFile(file)).rejects.toThrow()
  })
})

describe('notices after a restore', () => {
  it('are in the language the user chose last, not the one of an older version', async () => {
    const dir = join(await tempDir('notice-lang'), 'ws')
    const dialogs = { chooseFolder: async () => null, chooseFiles: async () => [] }
    const first = new WorkbenchSession({ seedsDir, dialogs })
    await first.start(dir)
    await first.dispatch('settings.update', { annotator: '张三' })
    await first.dispatch('settings.update', { locale: 'en' })
    await first.close()
    await writeFile(join(dir, WORKSPACE_FILE), '')
    const second = new WorkbenchSession({ seedsDir, dialogs })
    await second.start(dir)
    const outcome = await second.dispatch('workspace.info', {})
    await second.close()
    if (!outcome.ok) throw new Error(outcome.error.message)
    const info = outcome.value as WorkspaceInfo
    expect(info.settings.locale).toBe('en')
    expect(info.notices[0].message).toMatch(/^workspace\.json was damaged/)
  })
})
