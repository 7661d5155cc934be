// Crash-safe file replacement: write a temp file, fsync it, keep the previous version as a
// backup, rename over the target, fsync the folder. A crash at any point leaves either the
// old file or the new one whole, never a mix. (lowdb's stock adapter goes through steno,
// which renames but never fsyncs, so a power cut can leave an empty file behind.)
import { randomBytes } from 'node:crypto'
import { copyFile, link, mkdir, open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface DurableWriteOptions {
  /** Folder that keeps the versions this write replaces (see keepVersions). */
  backupDir?: string
  /** Test hook: runs after the temp file is durable and before it replaces the target. */
  beforeRename?: () => void | Promise<void>
}

export const TEMP_MARKER = '.tmp-'
/** Most recent replaced versions kept per file, on top of one per day for DAILY_BACKUP_DAYS. */
export const RECENT_BACKUPS = 10
export const DAILY_BACKUP_DAYS = 7

async function fsyncFolder(folder: string): Promise<void> {
  let handle
  try {
    handle = await open(folder, 'r')
    await handle.sync()
  } catch (error) {
    // Windows cannot open a folder for fsync; its rename is already durable enough there.
    if (!isErrorCode(error, 'EISDIR', 'EPERM', 'EACCES', 'EINVAL')) throw error
  } finally {
    await handle?.close()
  }
}

export function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    codes.includes(String((error as { code: unknown }).code))
  )
}

export async function writeFileDurably(
  target: string,
  data: string | Uint8Array,
  options: DurableWriteOptions = {},
): Promise<void> {
  const temp = `${target}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    if (options.backupDir) await keepPreviousVersion(target, options.backupDir)
    await options.beforeRename?.()
    await rename(temp, target)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await fsyncFolder(dirname(target))
}

function backupFolderFor(target: string, backupDir: string): string {
  return join(backupDir, basename(target))
}

let backupSequence = 0

/**
 * Sortable, file-name-safe stamp: 2026-11-23T12-00-00-000Z-00000007. Saves within one
 * millisecond are ordered by a counter (one writer per workspace, so one process), not by chance.
 */
function backupStamp(): string {
  backupSequence = (backupSequence + 1) % 100_000_000
  return `${new Date().toISOString().replace(/:/g, '-').replace('.', '-')}-${String(backupSequence).padStart(8, '0')}`
}

async function keepPreviousVersion(target: string, backupDir: string): Promise<void> {
  const folder = backupFolderFor(target, backupDir)
  await mkdir(folder, { recursive: true })
  const snapshot = join(folder, `${backupStamp()}.json`)
  try {
    // A hard link keeps the old version without copying it: the rename below only
    // unlinks the target's name, so the old bytes stay reachable from the backup.
    await link(target, snapshot)
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return
    // FAT-formatted USB sticks have no hard links.
    await copyFile(target, snapshot)
  }
  await pruneBackups(folder)
}

async function pruneBackups(folder: string): Promise<void> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort().reverse()
  const keep = new Set(names.slice(0, RECENT_BACKUPS))
  const days = new Set<string>()
  for (const name of names) {
    const day = name.slice(0, 10)
    if (days.has(day)) continue
    days.add(day)
    if (days.size <= DAILY_BACKUP_DAYS) keep.add(name)
  }
  await Promise.all(
    names.filter((name) => !keep.has(name)).map((name) => unlink(join(folder, name)).catch(() => undefined)),
  )
}

/** The kept versions of a file, newest first. */
export async function listBackups(target: string, backupDir: string): Promise<string[]> {
  const folder = backupFolderFor(target, backupDir)
  try {
    const names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort().reverse()
    return names.map((name) => join(folder, name))
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return []
    throw error
  }
}

/** Temp files left by a crash between write and rename; safe to delete once the lock is held. */
export async function removeStaleTempFiles(folder: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return
    throw error
  }
  await Promise.all(
    names
      .filter((name) => name.includes(TEMP_MARKER))
      .map((name) => unlink(join(folder, name)).catch(() => undefined)),
  )
}
