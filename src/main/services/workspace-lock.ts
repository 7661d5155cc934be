// One writer per workspace: a lock file holding the owner's pid and host. A lock whose process
// is gone (same host, pid not running) is stale and taken over; any other lock refuses.
import { link, readFile, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { AppError } from './app-error'
import { isErrorCode } from './durable-file'

export const LOCK_FILE = '.workbench.lock'

interface LockOwner {
  pid: number
  host: string
  since: string
}

export type LockResult =
  | { kind: 'acquired'; release: () => Promise<void>; staleOwner?: LockOwner }
  | { kind: 'read-only' }

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return isErrorCode(error, 'EPERM')
  }
}

export async function acquireWorkspaceLock(dir: string): Promise<LockResult> {
  const path = join(dir, LOCK_FILE)
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
  let staleOwner: LockOwner | undefined
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await createExclusively(path, JSON.stringify(owner))
      const release = async () => {
        await unlink(path).catch(() => undefined)
      }
      return { kind: 'acquired', release, staleOwner }
    } catch (error) {
      if (isErrorCode(error, 'EACCES', 'EROFS', 'EPERM')) return { kind: 'read-only' }
      if (!isErrorCode(error, 'EEXIST')) throw error
    }
    const existing = await readLockOwner(path)
    const stale =
      existing === null || (existing.host === owner.host && !processIsAlive(existing.pid))
    if (!stale) {
      throw new AppError('WORKSPACE_LOCKED', {
        pid: existing.pid,
        host: existing.host,
        since: existing.since,
      })
    }
    staleOwner = existing ?? undefined
    await unlink(path).catch(() => undefined)
  }
  throw new AppError('WORKSPACE_LOCKED', { pid: '?', host: '?', since: '?' })
}

/**
 * Creates the lock with its content in one step (link of a finished temp file), so another
 * process never sees an empty lock and mistakes it for a stale one.
 */
async function createExclusively(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}`
  await writeFile(temp, content)
  try {
    await link(temp, path)
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) throw error
    // File systems without hard links (FAT): exclusive create, with a small window.
    await writeFile(path, content, { flag: 'wx' })
  } finally {
    await unlink(temp).catch(() => undefined)
  }
}

async function readLockOwner(path: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '') }
    }
    return null
  } catch {
    // A lock file cut short by a crash carries no owner: treat it as stale.
    return null
  }
}
