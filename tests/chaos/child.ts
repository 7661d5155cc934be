// A workbench process for the chaos suite, started with `node --import tsx`. It works on a
// workspace as fast as it can and prints one line per ACKNOWLEDGED operation (after the store's
// promise resolved, i.e. after the write was durable), until the parent kills it.
//   edits <dir>                    rapid annotation creates and updates, several at once
//   imports <dir>                  document imports, one new text each
//   annotation-imports <dir> <f>   imports of an annotation file as a new source
//   race <dir>                     on stdin: `open` (try to open; the winner adds an annotation),
//                                  `close`, `exit`
import { createInterface } from 'node:readline'
import { basename } from 'node:path'
import { AppError } from '../../src/main/services/app-error'
import { importBundle, readAnnotationFile } from '../../src/main/services/exchange'
import { SourceStore } from '../../src/main/services/sources'
import { WorkspaceStore } from '../../src/main/services/workspace-store'

const [mode, dir, file] = process.argv.slice(2)
const say = (line: string) => process.stdout.write(`${line}\n`)

async function edits(): Promise<void> {
  const store = await WorkspaceStore.open(dir)
  const documents = store.documents.slice(0, 3)
  const lengths = await Promise.all(documents.map(async (doc) => (await store.text(doc.id)).length))
  const made: Array<{ documentId: string; id: string }> = []
  for (let round = 0; ; round++) {
    // Three documents at once, so several file queues write concurrently.
    await Promise.all(
      documents.map(async (doc, i) => {
        const mine = made.filter((entry) => entry.documentId === doc.id)
        if (mine.length > 0 && round % 3 === 2) {
          const target = mine[round % mine.length]
          await store.updateAnnotation(doc.id, target.id, { attributes: { note: `r${round}` } })
          say(`update ${doc.id} ${target.id} ${round}`)
          return
        }
        const start = (round * 7 + i) % (lengths[i] - 8)
        const annotation = await store.createAnnotation({ documentId: doc.id, start, end: start + 4, label: 'target' })
        made.push({ documentId: doc.id, id: annotation.id })
        say(`create ${doc.id} ${annotation.id}`)
      }),
    )
  }
}

async function imports(): Promise<void> {
  const store = await WorkspaceStore.open(dir)
  const run = `${process.pid}-${Date.now()}`
  for (let n = 0; ; n++) {
    const text = `关于第${n}号试验文件的通知（${run}）\n\n${'今年新增就业一千二百万人以上，粮食产量保持在一万三千亿斤以上。'.repeat(40 + (n % 50))}`
    const [added] = await store.addDocuments([{ fileName: `trial-${n}.txt`, text, format: 'txt', encoding: 'utf-8' }])
    say(`document ${added.document.id}`)
  }
}

async function annotationImports(): Promise<void> {
  const store = await WorkspaceStore.open(dir)
  const sources = new SourceStore(store)
  for (let n = 0; ; n++) {
    const bundle = await readAnnotationFile({ kind: 'path', path: file }, 50 * 1024 * 1024, store.labels)
    const report = await importBundle(store, sources, bundle, { fileName: basename(file), name: `run ${process.pid}-${n}`, importDocuments: true, onDuplicate: 'keep-both' })
    say(`source ${report.source.id} ${report.imported}`)
  }
}

async function race(): Promise<void> {
  let store: WorkspaceStore | null = null
  say('ready')
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'open') {
      try {
        store = await WorkspaceStore.open(dir)
        say('acquired')
        const doc = store.documents[0]
        const annotation = await store.createAnnotation({ documentId: doc.id, start: 0, end: 4, label: 'target' })
        say(`create ${doc.id} ${annotation.id}`)
      } catch (error) {
        say(`refused ${error instanceof AppError ? error.code : String(error)}`)
      }
    } else if (line === 'close') {
      await store?.close()
      store = null
      say('closed')
    } else if (line === 'exit') break
  }
  await store?.close()
}

const modes: Record<string, () => Promise<void>> = { edits, imports, 'annotation-imports': annotationImports, race }
modes[mode]().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(3)
  },
)
