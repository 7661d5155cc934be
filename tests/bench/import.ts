// Importing the five seeds and the six national work reports through the same path as the
// app and the CLI: read, decode, preview the clean-up, detect metadata, store durably.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ImportPreviews } from '../../src/main/services/import-preview'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { gwrDir, seedsDir, tempDir } from '../support/paths'
import type { Figure } from './figures'

export async function benchImport(): Promise<{ title: string; figures: Figure[] }> {
  const files = [
    ...(await readdir(seedsDir)).filter((name) => name.endsWith('.txt')).map((name) => join(seedsDir, name)),
    ...(await readdir(gwrDir)).filter((name) => name.endsWith('.txt')).map((name) => join(gwrDir, name)),
  ]
  const runs: number[] = []
  for (let run = 0; run < 3; run++) {
    const store = await createWorkspace(join(await tempDir('bench-import'), 'ws'), null)
    const previews = new ImportPreviews()
    const started = performance.now()
    for (const path of files) {
      const preview = await previews.add({ kind: 'path', path }, 'zh-CN')
      await store.addDocuments([previews.take(preview.token, { disabledRules: [] })])
    }
    runs.push(performance.now() - started)
    if (store.documents.length !== files.length) throw new Error(`imported ${store.documents.length} of ${files.length}`)
    await store.close()
  }
  return {
    title: `Import: the 5 seeds and the 6 national government work reports (${files.length} files)`,
    figures: [
      { name: 'first import, in a fresh process (dictionaries loaded on the way)', value: runs[0], unit: 'ms', budget: 2000 },
      { name: 'import again into a new workspace', value: Math.min(...runs.slice(1)), unit: 'ms', budget: 2000 },
    ],
  }
}
