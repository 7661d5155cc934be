// What the store does when a file it owns is damaged or missing (DESIGN §4): keep the damaged
// file aside, restore the newest verified version (the last completed write: every durable
// write keeps a checksummed copy of what it wrote), and put back on the list whatever the
// restored version forgot. Nothing on disk is ever hidden; every notice says what was restored
// and what could not be.
import { readdir, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { z } from 'zod'
import { WorkspaceFileSchema, type DocumentRecord } from '../../shared/model'
import type { MessageParams, NoticeCode } from '../../shared/messages'
import { listBackups, pathExists, readVerifiedBackup, removeStaleTempFiles, writeFileDurably } from './durable-file'
import { parseJsonFile } from './json-store-file'

export interface RecoveryContext {
  dir: string
  backupsDir: string
  readOnly: boolean
  notify: (code: NoticeCode, params: MessageParams) => void
}

export type Recovery<T> = { restored: true; data: T } | { restored: false; keptAs: string | null }

export function fileStamp(): string {
  return new Date().toISOString().replace(/:/g, '-').replace('.', '-')
}

/** "2026-11-23T12-00-00-000Z-…" → "2026-11-23 12-00-00", for notices. */
export function backupTime(backup: string): string {
  return basename(backup, '.json').slice(0, 19).replace('T', ' ')
}

/** The path relative to the workspace, as notices name files. */
function relative(ctx: RecoveryContext, path: string): string {
  return path.startsWith(ctx.dir) ? path.slice(ctx.dir.length + 1).replace(/\\/g, '/') : basename(path)
}

/** The newest backup that is whole (checksum) and valid (schema), newest first. */
export async function newestGoodBackup<S extends z.ZodType>(
  path: string,
  backupsDir: string,
  schema: S,
): Promise<{ backup: string; data: z.output<S> } | null> {
  for (const backup of await listBackups(path, backupsDir)) {
    const raw = await readVerifiedBackup(backup)
    if (raw === null) continue
    try {
      return { backup, data: parseJsonFile(backup, raw, schema) }
    } catch {
      continue
    }
  }
  return null
}

/**
 * A damaged or vanished file: the damaged one is kept aside under a dated name, the newest good
 * version restored in its place (on disk unless read-only) with a notice. Without a good version
 * the caller decides what to start from, and says so.
 */
export async function recoverFile<S extends z.ZodType>(
  ctx: RecoveryContext,
  path: string,
  schema: S,
): Promise<Recovery<z.output<S>>> {
  let keptAs: string | null = null
  if (await pathExists(path)) {
    keptAs = `${basename(path)}.corrupt-${fileStamp()}`
    if (!ctx.readOnly) await rename(path, join(dirname(path), keptAs))
    else keptAs = basename(path)
  }
  const good = await newestGoodBackup(path, ctx.backupsDir, schema)
  if (!good) return { restored: false, keptAs }
  if (!ctx.readOnly) await writeFileDurably(path, JSON.stringify(good.data), { backupDir: ctx.backupsDir })
  const file = relative(ctx, path)
  if (keptAs === null) ctx.notify('RESTORED_MISSING_FILE', { file, backup: backupTime(good.backup) })
  else ctx.notify('RECOVERED_FROM_BACKUP', { file, keptAs: relative(ctx, join(dirname(path), keptAs)), backup: backupTime(good.backup) })
  return { restored: true, data: good.data }
}


/**
 * Temp files left by a crash between write and rename, in the workspace folder and every
 * folder in it (documents, annotations, sources and any later one). Only the lock holder calls
 * this: another process's write in progress would look the same.
 */
export async function removeTempFilesEverywhere(dir: string, skip: readonly string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  const folders = entries.filter((entry) => entry.isDirectory() && !skip.includes(entry.name)).map((entry) => join(dir, entry.name))
  await Promise.all([dir, ...folders].map((folder) => removeStaleTempFiles(folder)))
  // A source kept per document writes its files, summaries and rows in folders of its own.
  const sources = join(dir, 'sources')
  if (folders.includes(sources)) await removeTempFilesBelow(sources)
}

async function removeTempFilesBelow(folder: string): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  for (const entry of entries.filter((candidate) => candidate.isDirectory())) {
    await removeStaleTempFiles(join(folder, entry.name))
    await removeTempFilesBelow(join(folder, entry.name))
  }
}

const DOCUMENT_TEXT = /^([0-9a-f]{16})\.txt$/
const ANNOTATION_FILE = /^([0-9a-f]{16})\.json$/

export interface Orphans {
  /** Ids of document texts on disk that the workspace does not list. */
  texts: string[]
  /** Annotation files whose document is neither listed nor on disk: kept, but nothing to show them on. */
  annotationFiles: string[]
}

export async function findOrphans(dir: string, listed: ReadonlySet<string>): Promise<Orphans> {
  const names = async (folder: string) => readdir(join(dir, folder)).catch(() => [] as string[])
  const texts = (await names('documents')).map((name) => DOCUMENT_TEXT.exec(name)?.[1]).filter((id): id is string => !!id && !listed.has(id))
  const onDisk = new Set(texts)
  const annotationFiles = (await names('annotations'))
    .map((name) => ANNOTATION_FILE.exec(name)?.[1])
    .filter((id): id is string => !!id && !listed.has(id) && !onDisk.has(id))
    .map((id) => `annotations/${id}.json`)
  return { texts: texts.sort(), annotationFiles: annotationFiles.sort() }
}

/**
 * The records older versions of workspace.json kept for these documents (title, metadata, the
 * original file name), so a document put back on the list looks as it did.
 */
export async function recordsFromBackups(workspacePath: string, backupsDir: string, ids: readonly string[]): Promise<Map<string, DocumentRecord>> {
  const found = new Map<string, DocumentRecord>()
  for (const backup of await listBackups(workspacePath, backupsDir)) {
    if (found.size === ids.length) break
    const raw = await readVerifiedBackup(backup)
    if (raw === null) continue
    let data
    try {
      data = parseJsonFile(backup, raw, WorkspaceFileSchema)
    } catch {
      continue
    }
    for (const record of data.documents) if (ids.includes(record.id) && !found.has(record.id)) found.set(record.id, record)
  }
  return found
}

export function titleList(titles: readonly string[]): string {
  return titles.slice(0, 5).map((title) => `「${title}」`).join('、') + (titles.length > 5 ? '…' : '')
}
