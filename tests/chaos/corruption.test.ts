// The corruption matrix (issue 14, item 5): every kind of store file, damaged every way, is
// restored on reopening with its LAST COMPLETED write, and nothing on disk is hidden. The whole
// matrix is cheap, so `npm test` and `npm run chaos` both run all of it.
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SOURCES_DIR, SourceStore } from '../../src/main/services/sources'
import { SOURCE_INDEX_SUFFIX } from '../../src/main/services/source-index'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { ANNOTATIONS_DIR, DOCUMENTS_DIR, WORKSPACE_FILE, WorkspaceStore } from '../../src/main/services/workspace-store'
import { CURATED_SOURCE_ID } from '../../src/shared/review'
import { seedsDir, tempDir } from '../support/paths'
import { reportFigure } from './scale'

interface Prepared {
  dir: string
  /** The file to damage, relative to the workspace. */
  file: string
  /** Checks, after reopening, that the last completed write is there. */
  check: (store: WorkspaceStore) => Promise<void>
  /** An index derived from another file: rebuilt from it, so there is nothing to restore or announce. */
  derived?: boolean
}

const NEW_TEXT = '关于二〇二六年新增文件的通知\n\n今年新增就业一千二百万人以上。'

async function seeded(prefix: string): Promise<WorkspaceStore> {
  return createWorkspace(join(await tempDir(prefix), 'ws'), seedsDir)
}

const fileKinds: Record<string, () => Promise<Prepared>> = {
  'workspace.json': async () => {
    const store = await seeded('c-ws')
    const [added] = await store.addDocuments([{ fileName: 'last.txt', text: NEW_TEXT, format: 'txt', encoding: 'utf-8' }])
    await store.close()
    return {
      dir: store.dir,
      file: WORKSPACE_FILE,
      check: async (again) => {
        expect(again.document(added.document.id).source.fileName).toBe('last.txt')
      },
    }
  },
  'annotations/<id>.json': async () => {
    const store = await seeded('c-ann')
    const doc = store.documents[0]
    const first = await store.createAnnotation({ documentId: doc.id, start: 0, end: 3, label: 'target' })
    const last = await store.createAnnotation({ documentId: doc.id, start: 5, end: 9, label: 'commitment' })
    await store.close()
    return {
      dir: store.dir,
      file: `${ANNOTATIONS_DIR}/${doc.id}.json`,
      check: async (again) => {
        expect((await again.annotations(doc.id)).map((annotation) => annotation.id)).toEqual([first.id, last.id])
      },
    }
  },
  'sources/<id>.json (imported)': async () => {
    const store = await seeded('c-src')
    const doc = store.documents[0]
    const annotation = await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
    const source = await new SourceStore(store).addImported({ name: '王五', fileName: 'wang.csv', format: 'csv', importedAt: new Date().toISOString(), annotations: [annotation], problems: [] })
    await store.close()
    return {
      dir: store.dir,
      file: `${SOURCES_DIR}/${source.id}.json`,
      check: async (again) => {
        // The header restored; the annotations are in the source's document files.
        const restored = await new SourceStore(again).annotations(source.id)
        expect(restored.map((a) => a.id)).toEqual([annotation.id])
      },
    }
  },
  'sources/curated.json': async () => {
    const store = await seeded('c-cur')
    const documentId = store.documents[0].id
    const sources = new SourceStore(store)
    const decision = (unitKey: string) => ({ unitKey, documentId, action: 'reject' as const, annotationIds: [], author: '审阅人', decidedAt: new Date().toISOString() })
    await sources.updateCurated('审阅人', (file) => ({ ...file, decisions: [...file.decisions, decision('first')] }))
    await sources.updateCurated('审阅人', (file) => ({ ...file, decisions: [...file.decisions, decision('last')] }))
    await store.close()
    return {
      dir: store.dir,
      file: `${SOURCES_DIR}/${CURATED_SOURCE_ID}.json`,
      check: async (again) => {
        const curated = await new SourceStore(again).get(CURATED_SOURCE_ID)
        expect(curated.decisions.map((d) => d.unitKey)).toEqual(['first', 'last'])
      },
    }
  },
}

fileKinds['sources/<id>.summary.json (index)'] = async () => {
  const store = await seeded('c-idx')
  const doc = store.documents[0]
  const annotations = await Promise.all([0, 5, 10].map((start) => store.createAnnotation({ documentId: doc.id, start, end: start + 3, label: 'target' })))
  const source = await new SourceStore(store).addImported({ name: '赵六', fileName: 'zhao.csv', format: 'csv', importedAt: new Date().toISOString(), annotations, problems: [] })
  await store.close()
  return {
    dir: store.dir,
    file: `${SOURCES_DIR}/${source.id}${SOURCE_INDEX_SUFFIX}`,
    derived: true,
    check: async (again) => {
      const listed = (await new SourceStore(again).list()).find((entry) => entry.id === source.id)
      expect(listed).toMatchObject({ name: '赵六', annotationCount: 3, documentIds: [doc.id] })
    },
  }
}

const damages: Record<string, (raw: string) => string> = {
  truncate: (raw) => raw.slice(0, Math.floor(raw.length / 2)),
  // Bytes no JSON text may hold, in the middle of the file, length kept.
  garble: (raw) => raw.slice(0, Math.floor(raw.length / 2)) + '\u0000\u0001}{]"' + raw.slice(Math.floor(raw.length / 2) + 6),
  empty: () => '',
  null: () => 'null',
  '[]': () => '[]',
  // A computed key: a plain `__proto__:` here would set this table's prototype instead.
  ['__proto__']: () => '{"__proto__":{"polluted":true},"schemaVersion":1}',
}

const cases = Object.keys(fileKinds).flatMap((kind) => Object.keys(damages).map((damage) => [kind, damage] as const))
let restored = 0

afterAll(() => {
  reportFigure('corruption matrix', `restored with the last completed write, nothing hidden: ${restored} of ${cases.length} cases`)
})

describe('every store file, damaged every way, comes back with its last completed write', () => {
  it.each(cases)('%s: %s', async (kind, damage) => {
    const { dir, file, check, derived } = await fileKinds[kind]()
    const path = join(dir, file)
    const damaged = damages[damage](await readFile(path, 'utf8'))
    await writeFile(path, damaged)
    const store = await WorkspaceStore.open(dir)
    try {
      await check(store)
      await new SourceStore(store).list()
      // Nothing hidden: every text on disk is listed, and the damaged file is kept aside.
      const texts = (await readdir(join(dir, DOCUMENTS_DIR))).filter((name) => name.endsWith('.txt'))
      expect(store.documents.map((doc) => `${doc.id}.txt`).sort()).toEqual(texts.sort())
      const recovered = store.notices.filter((notice) => notice.code === 'RECOVERED_FROM_BACKUP')
      if (derived) {
        expect(store.notices).toEqual([])
        // Rebuilt on disk as well.
        expect(await readFile(path, 'utf8')).not.toBe(damaged)
      } else {
        expect(recovered).toEqual([expect.objectContaining({ params: expect.objectContaining({ file }) })])
        const keptAs = String(recovered[0].params.keptAs)
        expect(await readFile(join(dir, keptAs), 'utf8')).toBe(damaged)
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      restored++
    } finally {
      await store.close()
    }
  })
})
