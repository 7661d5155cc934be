import { execFile, spawn } from 'node:child_process'
import { chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../src/main/services/app-error'
import { createWorkspace } from '../../src/main/services/workbench-session'
import {
  ANNOTATIONS_DIR,
  BACKUPS_DIR,
  DOCUMENTS_DIR,
  WORKSPACE_FILE,
  WorkspaceStore,
} from '../../src/main/services/workspace-store'
import { LOCK_FILE } from '../../src/main/services/workspace-lock'
import { projectRoot, seedsDir, tempDir } from '../support/paths'

const open: WorkspaceStore[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()))
})

async function seeded(prefix: string): Promise<WorkspaceStore> {
  const store = await createWorkspace(join(await tempDir(prefix), 'ws'), seedsDir)
  open.push(store)
  return store
}

async function reopen(store: WorkspaceStore): Promise<WorkspaceStore> {
  await store.close()
  const again = await WorkspaceStore.open(store.dir)
  open.push(again)
  return again
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe(code)
  return error as AppError
}

describe('a new workspace', () => {
  it('holds the five seeds with their text, sha256 and detected year', async () => {
    const store = await seeded('new')
    expect(store.documents).toHaveLength(5)
    for (const doc of store.documents) {
      const text = await store.text(doc.id)
      expect(text.length).toBe(doc.textLength)
      expect(doc.id).toBe(doc.sha256.slice(0, 16))
      expect(doc.meta.year).toBeGreaterThan(2000)
    }
    expect(await readdir(join(store.dir, DOCUMENTS_DIR))).toHaveLength(5)
  })

  it('reports the same text imported twice as a duplicate', async () => {
    const store = await seeded('dup')
    const first = store.documents[0]
    const [result] = await store.addDocuments([{ fileName: 'again.txt', text: await store.text(first.id), format: 'txt', encoding: 'utf-8' }])
    expect(result.status).toBe('duplicate')
    expect(result.document.id).toBe(first.id)
    expect(store.documents).toHaveLength(5)
  })

  it('refuses a folder that already holds other files', async () => {
    const dir = await tempDir('busy')
    await writeFile(join(dir, 'thesis.docx'), 'mine')
    await expectAppError(createWorkspace(dir, seedsDir), 'FOLDER_NOT_EMPTY')
    expect(await readdir(dir)).toEqual(['thesis.docx'])
  })
})

describe('annotations', () => {
  it('are created, updated and deleted durably, and survive reopening', async () => {
    let store = await seeded('crud')
    const doc = store.documents.find((d) => d.meta.year === 2019 && d.meta.docType === 'work-summary-and-plan')!
    const text = await store.text(doc.id)
    const start = text.indexOf('新增高新技术企业超过 2000 家')
    const created = await store.createAnnotation({ documentId: doc.id, start, end: start + 17, label: 'achievement', attributes: { value: 2000, unit: '家', comparator: '>' } })
    expect(created.quote).toBe('新增高新技术企业超过 2000 家')
    expect(created.prefix).toBe(text.slice(start - 32, start))
    const second = await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
    await store.updateAnnotation(doc.id, created.id, { label: 'target', attributes: { value: 2000, unit: '家', comparator: '>', periodYear: 2018 } })
    await store.deleteAnnotation(doc.id, second.id)

    // What is on disk is what memory shows: read the file itself, then reopen.
    const onDisk = JSON.parse(await readFile(join(store.dir, ANNOTATIONS_DIR, `${doc.id}.json`), 'utf8'))
    expect(onDisk.annotations).toHaveLength(1)
    store = await reopen(store)
    const [kept] = await store.annotations(doc.id)
    expect(kept).toMatchObject({ id: created.id, label: 'target', quote: '新增高新技术企业超过 2000 家', attributes: { periodYear: 2018 } })
  })

  it('a change made from the annotation as it is on disk keeps an edit queued before it', async () => {
    const store = await seeded('change-fn')
    const doc = store.documents[0]
    const created = await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'commitment', attributes: { note: 'first' } })
    // Both go into the file's queue before either runs, as two requests from the renderer would.
    const noted = store.updateAnnotation(doc.id, created.id, { attributes: { note: 'edited' } })
    const status = store.updateAnnotation(doc.id, created.id, (current) => ({ attributes: { ...current.attributes, followUpStatus: 'done' } }))
    await Promise.all([noted, status])
    const [kept] = await store.annotations(doc.id)
    expect(kept.attributes).toEqual({ note: 'edited', followUpStatus: 'done' })
    await store.close()
  })

  it('rejects spans outside the text and unknown labels without writing', async () => {
    const store = await seeded('reject')
    const doc = store.documents[0]
    await expectAppError(store.createAnnotation({ documentId: doc.id, start: 10, end: doc.textLength + 1, label: 'target' }), 'SPAN_OUT_OF_RANGE')
    await expectAppError(store.createAnnotation({ documentId: doc.id, start: 0, end: 1, label: 'no-such-label' }), 'UNKNOWN_LABEL')
    await expectAppError(store.updateAnnotation(doc.id, 'missing', { label: 'target' }), 'ANNOTATION_NOT_FOUND')
    expect(await store.annotations(doc.id)).toEqual([])
  })

  it('keep memory and disk equal when a write fails', async () => {
    const dir = join(await tempDir('fail'), 'ws')
    await (await createWorkspace(dir, seedsDir)).close()
    let fail = false
    const store = await WorkspaceStore.open(dir, {
      writeOptions: {
        beforeRename: () => {
          if (fail) throw new Error('disk full')
        },
      },
    })
    open.push(store)
    const doc = store.documents[0]
    await store.createAnnotation({ documentId: doc.id, start: 0, end: 3, label: 'target' })
    fail = true
    const error = await expectAppError(store.createAnnotation({ documentId: doc.id, start: 3, end: 6, label: 'target' }), 'WRITE_FAILED')
    expect(String(error.params.reason)).toContain('disk full')
    expect(await store.annotations(doc.id)).toHaveLength(1)
    fail = false
    await store.createAnnotation({ documentId: doc.id, start: 6, end: 9, label: 'target' })
    await expect((await reopen(store)).annotations(doc.id)).resolves.toHaveLength(2)
  })

  it('concurrent edits of one document are all kept', async () => {
    const store = await seeded('concurrent')
    const doc = store.documents[0]
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.createAnnotation({ documentId: doc.id, start: i, end: i + 1, label: 'target' })))
    expect(await (await reopen(store)).annotations(doc.id)).toHaveLength(20)
  })
})

describe('damaged files', () => {
  it('restores workspace.json from the last backup when it is not JSON, keeping the damaged file', async () => {
    let store = await seeded('corrupt-ws')
    await store.updateSettings({ annotator: '张三' })
    await store.updateSettings({ annotator: '李四' })
    const dir = store.dir
    await store.close()
    await writeFile(join(dir, WORKSPACE_FILE), '{"schemaVersion": 1, "documents": [')
    store = await WorkspaceStore.open(dir)
    open.push(store)
    expect(store.documents).toHaveLength(5)
    // Restored to the last completed save, not to the version before it.
    expect(store.settings.annotator).toBe('李四')
    expect(store.notices.map((n) => n.code)).toEqual(['RECOVERED_FROM_BACKUP'])
    const kept = (await readdir(dir)).filter((name) => name.startsWith('workspace.json.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(await readFile(join(dir, kept[0]), 'utf8')).toBe('{"schemaVersion": 1, "documents": [')
  })

  it('rebuilds workspace.json from the document files when no backup is usable', async () => {
    let store = await seeded('rebuild')
    const dir = store.dir
    await store.close()
    await rm(join(dir, BACKUPS_DIR), { recursive: true })
    await writeFile(join(dir, WORKSPACE_FILE), 'garbage')
    store = await WorkspaceStore.open(dir)
    open.push(store)
    expect(store.documents).toHaveLength(5)
    expect(store.notices[0]).toMatchObject({ code: 'WORKSPACE_REBUILT', params: { count: 5 } })
  })

  it('refuses a workspace from a future schema version and leaves it untouched', async () => {
    const store = await seeded('future')
    const dir = store.dir
    await store.close()
    const future = JSON.stringify({ schemaVersion: 99, name: 'x', documents: [], somethingNew: true })
    await writeFile(join(dir, WORKSPACE_FILE), future)
    const error = await expectAppError(WorkspaceStore.open(dir), 'WORKSPACE_TOO_NEW')
    expect(error.params).toMatchObject({ found: 99, supported: 1 })
    expect(await readFile(join(dir, WORKSPACE_FILE), 'utf8')).toBe(future)
    // The refusal released the lock, so a fixed workspace opens again.
    expect(await readdir(dir)).not.toContain(LOCK_FILE)
  })

  it('restores an annotations file cut in half from its backup', async () => {
    let store = await seeded('cut')
    const doc = store.documents[0]
    await store.createAnnotation({ documentId: doc.id, start: 0, end: 3, label: 'target' })
    await store.createAnnotation({ documentId: doc.id, start: 3, end: 6, label: 'commitment' })
    const file = join(store.dir, ANNOTATIONS_DIR, `${doc.id}.json`)
    await store.close()
    const whole = await readFile(file, 'utf8')
    await writeFile(file, whole.slice(0, whole.length / 2))
    store = await WorkspaceStore.open(store.dir)
    open.push(store)
    // Restored to the last completed save: both annotations.
    expect((await store.annotations(doc.id)).map((a) => a.label)).toEqual(['target', 'commitment'])
    expect(store.notices.map((n) => n.code)).toEqual(['RECOVERED_FROM_BACKUP'])
    expect((await readdir(join(store.dir, ANNOTATIONS_DIR))).some((name) => name.includes('.corrupt-'))).toBe(true)
  })

  it('starts a damaged annotations file afresh when there is no backup, keeping the damaged one', async () => {
    let store = await seeded('cut-nobackup')
    const doc = store.documents[0]
    await store.createAnnotation({ documentId: doc.id, start: 0, end: 3, label: 'target' })
    const file = join(store.dir, ANNOTATIONS_DIR, `${doc.id}.json`)
    await store.close()
    await rm(join(store.dir, BACKUPS_DIR), { recursive: true })
    await writeFile(file, '{"schemaVersion":1,"documentId":"')
    store = await WorkspaceStore.open(store.dir)
    open.push(store)
    expect(await store.annotations(doc.id)).toEqual([])
    expect(store.notices[0].code).toBe('CORRUPT_NO_BACKUP')
    const keptAs = String(store.notices[0].params.keptAs)
    expect(await readFile(join(store.dir, ANNOTATIONS_DIR, keptAs), 'utf8')).toBe('{"schemaVersion":1,"documentId":"')
  })

  it('reports a missing document file and keeps its metadata and annotations', async () => {
    let store = await seeded('missing')
    const doc = store.documents[1]
    await store.createAnnotation({ documentId: doc.id, start: 0, end: 3, label: 'target' })
    await store.close()
    await rm(join(store.dir, DOCUMENTS_DIR, `${doc.id}.txt`))
    store = await WorkspaceStore.open(store.dir)
    open.push(store)
    expect(store.notices[0]).toMatchObject({ code: 'DOCUMENT_FILES_MISSING', params: { count: 1 } })
    expect(store.isMissing(doc.id)).toBe(true)
    await expectAppError(store.text(doc.id), 'DOCUMENT_FILE_MISSING')
    expect(store.documents).toHaveLength(5)
    expect(await store.annotations(doc.id)).toHaveLength(1)
  })
})

describe('the workspace lock', () => {
  it('refuses a second writer while the first holds the workspace', async () => {
    const store = await seeded('lock')
    const error = await expectAppError(WorkspaceStore.open(store.dir), 'WORKSPACE_LOCKED')
    expect(error.params.pid).toBe(process.pid)
    await store.close()
    open.push(await WorkspaceStore.open(store.dir))
  })

  it('takes over the lock of a process that is gone, and says so', async () => {
    let store = await seeded('stale')
    await store.close()
    const child = spawn(process.execPath, ['-e', '0'])
    const deadPid = child.pid!
    await new Promise((done) => child.on('exit', done))
    const { hostname } = await import('node:os')
    await writeFile(join(store.dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-01-01T00:00:00Z' }))
    store = await WorkspaceStore.open(store.dir)
    open.push(store)
    expect(store.notices[0]).toMatchObject({ code: 'STALE_LOCK_REMOVED', params: { pid: deadPid } })
  })

  it('opens a read-only folder read-only: reading works, writing says why', async () => {
    const store = await seeded('readonly')
    const dir = store.dir
    await store.close()
    const run = promisify(execFile)
    // Root ignores permissions, so the check runs as an unprivileged user where we are root.
    const asRoot = process.getuid?.() === 0
    const folders = [join(dir, '..'), dir, join(dir, DOCUMENTS_DIR), join(dir, ANNOTATIONS_DIR), join(dir, BACKUPS_DIR)]
    for (const folder of folders) await chmod(folder, 0o555)
    for (const file of await readdir(join(dir, DOCUMENTS_DIR))) await chmod(join(dir, DOCUMENTS_DIR, file), 0o444)
    await chmod(join(dir, WORKSPACE_FILE), 0o444)
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'tests/support/open-readonly.ts'), dir], {
        cwd: projectRoot,
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      })
      const report = JSON.parse(stdout)
      expect(report).toMatchObject({ readOnly: true, documents: 5, notices: ['OPENED_READ_ONLY'], writeError: 'WORKSPACE_READ_ONLY' })
      expect(report.text).toBeGreaterThan(1000)
    } finally {
      for (const folder of folders) await chmod(folder, 0o755)
    }
  })
})

describe('opening what is not a workspace', () => {
  it.each([
    ['a missing folder', async (dir: string) => join(dir, 'nope'), 'WORKSPACE_NOT_FOUND'],
    ['a folder without workspace.json', async (dir: string) => dir, 'NOT_A_WORKSPACE'],
    ['a file', async (dir: string) => {
      await writeFile(join(dir, 'f.txt'), 'x')
      return join(dir, 'f.txt')
    }, 'NOT_A_WORKSPACE'],
  ])('refuses %s', async (_, makePath, code) => {
    const dir = await tempDir('notws')
    await mkdir(dir, { recursive: true })
    await expectAppError(WorkspaceStore.open(await makePath(dir)), code)
  })
})
