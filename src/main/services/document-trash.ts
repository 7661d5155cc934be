// Deleting a document keeps everything: its text, its annotation file and its record go to
// backups/deleted-documents/<id>/, from where the app's undo or the CLI puts them back.
// Order matters for a crash: the record is written to the backup first, then the document leaves
// workspace.json, then the files move; at every step the document is either listed or restorable.
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DocumentRecordSchema, type DocumentRecord } from '../../shared/model'
import { AppError } from './app-error'
import { isErrorCode, writeFileDurably } from './durable-file'
import { markDocumentAnnotations } from './sync/document-deletions'
import { ANNOTATIONS_DIR, BACKUPS_DIR, DOCUMENTS_DIR, type WorkspaceStore } from './workspace-store'

export const DELETED_DOCUMENTS_DIR = 'deleted-documents'
const RECORD_FILE = 'record.json'

export interface DeletedDocument {
  document: DocumentRecord
  /** Where its files are kept, relative to the workspace folder. */
  backup: string
}

function folderOf(store: WorkspaceStore, id: string): string {
  return join(store.dir, BACKUPS_DIR, DELETED_DOCUMENTS_DIR, id)
}

/** Moves a file if it exists (a document never annotated has no annotation file). */
async function moveIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (error) {
    if (!isErrorCode(error, 'ENOENT')) throw error
  }
}

export async function deleteDocument(store: WorkspaceStore, id: string): Promise<DeletedDocument> {
  const record = store.document(id)
  const index = store.documents.indexOf(record)
  const folder = folderOf(store, id)
  // A document deleted, restored and deleted again keeps only its latest deletion.
  await rm(folder, { recursive: true, force: true })
  await mkdir(folder, { recursive: true })
  await writeFileDurably(join(folder, RECORD_FILE), JSON.stringify({ index, document: record }, null, 2))
  // Team sync: its annotations leave the team's database with it (a restore sends them again).
  await markDocumentAnnotations(store, id)
  await store.removeDocumentRecord(id, async () => {
    await moveIfPresent(join(store.dir, DOCUMENTS_DIR, `${id}.txt`), join(folder, `${id}.txt`))
    await moveIfPresent(join(store.dir, ANNOTATIONS_DIR, `${id}.json`), join(folder, `${id}.json`))
  })
  return { document: record, backup: join(BACKUPS_DIR, DELETED_DOCUMENTS_DIR, id) }
}

async function readDeleted(store: WorkspaceStore, id: string): Promise<{ index: number; document: DocumentRecord }> {
  try {
    const raw = JSON.parse(await readFile(join(folderOf(store, id), RECORD_FILE), 'utf8')) as { index?: unknown; document?: unknown }
    return { index: typeof raw.index === 'number' ? raw.index : Infinity, document: DocumentRecordSchema.parse(raw.document) }
  } catch {
    throw new AppError('DELETED_DOCUMENT_NOT_FOUND', { id })
  }
}

export async function restoreDocument(store: WorkspaceStore, id: string): Promise<DocumentRecord> {
  const { index, document } = await readDeleted(store, id)
  if (store.documents.some((doc) => doc.id === id)) throw new AppError('DOCUMENT_EXISTS', { id })
  const folder = folderOf(store, id)
  await mkdir(join(store.dir, DOCUMENTS_DIR), { recursive: true })
  await mkdir(join(store.dir, ANNOTATIONS_DIR), { recursive: true })
  await moveIfPresent(join(folder, `${id}.txt`), join(store.dir, DOCUMENTS_DIR, `${id}.txt`))
  await moveIfPresent(join(folder, `${id}.json`), join(store.dir, ANNOTATIONS_DIR, `${id}.json`))
  await store.addDocumentRecord(document, index)
  await markDocumentAnnotations(store, id)
  await rm(folder, { recursive: true, force: true })
  return document
}

/** The record of a document in the trash, or null when it is not there (team sync sends its deletion by it). */
export async function deletedDocumentRecord(store: WorkspaceStore, id: string): Promise<DocumentRecord | null> {
  try {
    return (await readDeleted(store, id)).document
  } catch {
    return null
  }
}

/** Documents that can be restored, newest deletion unknown: listed by id. */
export async function deletedDocuments(store: WorkspaceStore): Promise<DocumentRecord[]> {
  let ids: string[]
  try {
    ids = await readdir(join(store.dir, BACKUPS_DIR, DELETED_DOCUMENTS_DIR))
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return []
    throw error
  }
  const records: DocumentRecord[] = []
  for (const id of ids.sort()) {
    try {
      records.push((await readDeleted(store, id)).document)
    } catch {
      // A folder without a readable record is not offered; its files stay where they are.
    }
  }
  return records
}
