// Crash-safe file replacement: write a temp file, fsync it, rename it over the target, fsync
// the folder. A crash at any point leaves either the old file or the new one whole, never a
// mix. (lowdb's stock adapter goes through steno, which renames but never fsyncs, so a power
// cut can leave an empty file behind.)
// With a backup folder, every write also keeps a copy of the version it writes, named with its
// sha256: the newest verified copy is then the last completed write, so a file damaged later
// (in place, by another program, a sync tool, a failing disk) is restored with nothing lost.
// A copy, not a hard link: damage written into the target in place would reach a link too.
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises'
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

/** Whether something exists at `path`; any error but "not found" is the caller's to see. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return false
    throw error
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

async function writeAndSync(path: string, data: string | Uint8Array, flag: 'w' | 'wx'): Promise<void> {
  const handle = await open(path, flag)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export async function writeFileDurably(
  target: string,
  data: string | Uint8Array,
  options: DurableWriteOptions = {},
): Promise<void> {
  const temp = `${target}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`
  // The copy is written alongside the temp file (both fsynced at once); the write is only
  // acknowledged once both are durable and the rename is done.
  const backupDir = options.backupDir
  const copy: Promise<string | null> = backupDir ? keepVersion(target, data, backupDir) : Promise.resolve(null)
  try {
    await Promise.all([writeAndSync(temp, data, 'w'), copy])
    await options.beforeRename?.()
    await rename(temp, target)
  } catch (error) {
    // A version that was never written is no version to restore.
    const kept = await copy.catch(() => null)
    if (kept) await unlink(kept).catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await fsyncFolder(dirname(target))
  if (backupDir) await pruneBackups(backupFolderFor(target, backupDir))
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

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Backups written since versions carry their checksum: <stamp>-<sha256>.json. */
const CHECKSUM_NAME = /-([0-9a-f]{64})\.json$/

/** The sha256 a backup's name records, or null for a backup from before checksums. */
export function recordedChecksum(backup: string): string | null {
  return CHECKSUM_NAME.exec(basename(backup))?.[1] ?? null
}

async function keepVersion(target: string, data: string | Uint8Array, backupDir: string): Promise<string> {
  const folder = backupFolderFor(target, backupDir)
  await mkdir(folder, { recursive: true })
  const copy = join(folder, `${backupStamp()}-${sha256Hex(data)}.json`)
  await writeAndSync(copy, data, 'wx')
  await fsyncFolder(folder)
  return copy
}

/**
 * A backup's text when it is whole: its content must hash to the checksum in its name (a copy
 * cut short by a crash or damaged later does not). Older backups carry no checksum and are
 * returned as they are, for the caller's schema to judge.
 */
export async function readVerifiedBackup(backup: string): Promise<string | null> {
  let raw: Buffer
  try {
    raw = await readFile(backup)
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null
    throw error
  }
  const recorded = recordedChecksum(backup)
  if (recorded !== null && sha256Hex(raw) !== recorded) return null
  return raw.toString('utf8')
}

/**
 * Makes sure the newest backup is the version on disk. It is not when the file was written
 * before checksummed copies existed, or when a crash came after the copy and before the
 * rename (the newest copy is then a write that never completed).
 */
export async function keepCurrentVersion(target: string, raw: string | Uint8Array, backupDir: string): Promise<void> {
  const [newest] = await listBackups(target, backupDir)
  if (newest && recordedChecksum(newest) === sha256Hex(raw)) return
  // A copy cut short by a crash is no version: drop it rather than keep it among the recent ones.
  if (newest && (await readVerifiedBackup(newest)) === null) await unlink(newest).catch(() => undefined)
  await keepVersion(target, raw, backupDir)
  await pruneBackups(backupFolderFor(target, backupDir))
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
