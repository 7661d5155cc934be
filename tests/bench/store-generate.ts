// Writes a large workspace straight in the store's file format (going through the API would
// take 200,000 durable writes): documents of about 20,000 characters made from the seeds.
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Annotation, AnnotationFile, DocumentRecord } from '../../src/shared/model'
import { ANNOTATIONS_DIR, BACKUPS_DIR, DOCUMENTS_DIR, WORKSPACE_FILE, emptyWorkspaceFile } from '../../src/main/services/workspace-store'

const labels = ['target', 'achievement', 'commitment']

function generatedAnnotations(id: string, text: string, count: number, createdAt: string): Annotation[] {
  const annotations: Annotation[] = []
  for (let a = 0; a < count; a++) {
    const start = (a * 97) % (text.length - 400)
    // Every tenth span is long, so spans overlap and nest as they do in real work.
    const end = start + 8 + (a % 10 === 0 ? 300 : a % 30)
    annotations.push({
      id: randomUUID(),
      documentId: id,
      start,
      end,
      quote: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - 32), start),
      suffix: text.slice(end, end + 32),
      label: labels[a % 3],
      attributes: a % 2 === 0 ? { indicator: `indicator-${a % 50}`, value: a * 1.5, unit: '亿元', comparator: '>', periodYear: 2019 } : {},
      links: [],
      status: 'accepted',
      author: 'bench',
      createdAt,
      updatedAt: createdAt,
    })
  }
  return annotations
}

/** Writes a workspace holding `texts`, each with `annotationsPerDocument` annotations. */
export async function writeWorkspace(dir: string, texts: readonly string[], annotationsPerDocument: number): Promise<void> {
  await Promise.all([DOCUMENTS_DIR, ANNOTATIONS_DIR, BACKUPS_DIR].map((sub) => mkdir(join(dir, sub), { recursive: true })))
  const workspace = emptyWorkspaceFile('bench')
  for (const [n, text] of texts.entries()) {
    const sha256 = createHash('sha256').update(text).digest('hex')
    const id = sha256.slice(0, 16)
    const record: DocumentRecord = {
      id,
      sha256,
      title: `第${n}号文件`,
      textLength: text.length,
      meta: { year: 2015 + (n % 10), date: null, docNumber: null, issuer: null, docType: 'other', script: 'zh-Hans' },
      source: { fileName: `${n}.txt`, format: 'txt', encoding: 'utf-8' },
      importedAt: new Date().toISOString(),
      cleanupApplied: [],
    }
    workspace.documents.push(record)
    const file: AnnotationFile = { schemaVersion: 1, documentId: id, annotations: generatedAnnotations(id, text, annotationsPerDocument, record.importedAt) }
    await writeFile(join(dir, DOCUMENTS_DIR, `${id}.txt`), text)
    await writeFile(join(dir, ANNOTATIONS_DIR, `${id}.json`), JSON.stringify(file))
  }
  await writeFile(join(dir, WORKSPACE_FILE), JSON.stringify(workspace))
}

/** Documents of about 20,000 characters cut from the seeds, each different. */
export async function generateWorkspace(dir: string, seedsDir: string, documentCount: number, annotationsPerDocument: number): Promise<void> {
  const seeds = await Promise.all((await readdir(seedsDir)).sort().map((name) => readFile(join(seedsDir, name), 'utf8')))
  const corpus = seeds.join('\n')
  const texts = Array.from({ length: documentCount }, (_, n) => {
    const offset = (n * 7919) % (corpus.length - 20_000)
    return `第${n}号文件\n${corpus.slice(offset, offset + 20_000)}`
  })
  await writeWorkspace(dir, texts, annotationsPerDocument)
}
