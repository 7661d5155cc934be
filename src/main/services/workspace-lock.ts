// One writer per workspace: a lock file holding the owner's pid, host, start time and a token.
// A lock whose owner is provably gone (same host, and the pid not running or now a different
// process) is stale and taken over with a notice. A lock from another host, or from a running
// pid we cannot tell apart from a reused one, is not: opening fails with whose lock it is, and
// the user may take it over on purpose (`force`).
//
// Taking over is serialised by a second, short-lived exclusive file (the takeover mutex): only
// its holder may delete a lock, and only after reading again, under the mutex, that the lock
// is still the one judged stale. Creating a lock is an exclusive create (a hard link of a
// finished file), so of several processes racing for a freed lock exactly one wins.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { ErrorCode } from '../../shared/messages'
import { AppError } from './app-error'
import { TEMP_MARKER, isErrorCode } from './durable-file'

export const LOCK_FILE = '.workbench.lock'
export const TAKEOVER_FILE = '.workbench.lock.takeover'

export interface LockOwner {
  pid: number
  host: string
  since: string
  /** Unique per acquisition: tells our own lock from another with the same pid. */
  token?: string
  /** When the owning process started (ms since epoch), to tell a reused pid from the owner. */
  started?: number
}

export interface LockOptions {
  /** The user chose to take over a lock from another host or an unverifiable process. */
  force?: boolean
  /** The owner the user was shown: only that lock is taken over, not one made since. */
  expectedOwner?: Pick<LockOwner, 'pid' | 'host' | 'since'>
}

export type LockResult =
  | { kind: 'acquired'; release: () => Promise<void>; staleOwner?: LockOwner; forcedOwner?: LockOwner }
  | { kind: 'read-only' }

/** Tokens of the locks this process holds: a lock with one of them is live whatever its pid says. */
const heldTokens = new Set<string>()

/** A takeover mutex older than this was left by a crash: it is only ever held for milliseconds. */
const MUTEX_STALE_MS = 10_000
const ATTEMPTS = 200

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return isErrorCode(error, 'EPERM')
  }
}

let bootTimeMs: number | null | undefined

/**
 * When a process started, in ms since the epoch, where the system says (Linux /proc); null
 * elsewhere. Resolution is the kernel's clock tick, so the same process always gives the same value.
 */
export function processStartTime(pid: number): number | null {
  try {
    if (bootTimeMs === undefined) {
      const line = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))
      bootTimeMs = line ? Number(line[1]) * 1000 : null
    }
    if (bootTimeMs === null) return null
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at field 3; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[19])
    // /proc reports times in USER_HZ, which is 100 on every Linux.
    return Number.isFinite(ticks) ? bootTimeMs + ticks * 10 : null
  } catch {
    return null
  }
}

type Verdict = 'live' | 'stale' | 'uncertain' | 'elsewhere'

function judge(owner: LockOwner, host: string): Verdict {
  if (owner.token && heldTokens.has(owner.token)) return 'live'
  if (owner.host !== host) return 'elsewhere'
  if (!processIsAlive(owner.pid)) return 'stale'
  // Our own pid but not a lock we hold: an earlier process that had our number.
  if (owner.pid === process.pid) return 'stale'
  const started = processStartTime(owner.pid)
  if (owner.started === undefined || started === null) return 'uncertain'
  return Math.abs(started - owner.started) < 1000 ? 'live' : 'stale'
}

function lockError(verdict: Exclude<Verdict, 'stale'>, owner: LockOwner, dir: string): AppError {
  const code: ErrorCode =
    verdict === 'live' ? 'WORKSPACE_LOCKED' : verdict === 'elsewhere' ? 'WORKSPACE_LOCKED_ELSEWHERE' : 'WORKSPACE_LOCK_UNCERTAIN'
  return new AppError(code, { pid: owner.pid, host: owner.host, since: owner.since, path: dir })
}

const sameOwner = (a: LockOwner, b: LockOwner) => a.pid === b.pid && a.host === b.host && a.since === b.since && a.token === b.token

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms))

export async function acquireWorkspaceLock(dir: string, options: LockOptions = {}): Promise<LockResult> {
  const path = join(dir, LOCK_FILE)
  const own: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomUUID(),
    ...(processStartTime(process.pid) === null ? {} : { started: processStartTime(process.pid)! }),
  }
  const content = JSON.stringify(own)
  let replaced: { owner: LockOwner; forced: boolean } | undefined
  let lastSeen: LockOwner | null = null
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      await createExclusively(path, content)
      // The create was exclusive; reading it back guards against a file system that only pretends.
      const check = await readLock(path)
      if (check?.owner?.token !== own.token) continue
      heldTokens.add(own.token!)
      return {
        kind: 'acquired',
        release: () => releaseLock(dir, own.token!),
        ...(replaced && !replaced.forced ? { staleOwner: replaced.owner } : {}),
        ...(replaced?.forced ? { forcedOwner: replaced.owner } : {}),
      }
    } catch (error) {
      if (isErrorCode(error, 'EACCES', 'EROFS', 'EPERM')) return { kind: 'read-only' }
      if (!isErrorCode(error, 'EEXIST')) throw error
    }
    const existing = await readLock(path)
    if (existing === null) continue // released in between: try again
    if (existing.owner === null) {
      // Unreadable: a lock written without hard links may be caught half-written for a moment.
      if (Date.now() - existing.modified < 2000) {
        await pause(10)
        continue
      }
    } else {
      // Force takes over the lock the user was told about, not one another opener made since.
      const expected = options.expectedOwner
      const forceable =
        options.force &&
        (expected
          ? expected.pid === existing.owner.pid && expected.host === existing.owner.host && expected.since === existing.owner.since
          : lastSeen === null || sameOwner(lastSeen, existing.owner))
      lastSeen ??= existing.owner
      const verdict = judge(existing.owner, own.host)
      if (verdict === 'live' || (verdict !== 'stale' && !forceable)) throw lockError(verdict, existing.owner, dir)
    }
    const outcome = await removeUnderMutex(dir, path, existing.raw)
    if (outcome === 'removed') {
      const owner = existing.owner ?? { pid: 0, host: '?', since: '?' }
      replaced = { owner, forced: existing.owner !== null && judge(existing.owner, own.host) !== 'stale' }
    } else await pause(5 + Math.random() * 20)
  }
  throw lockError('live', lastSeen ?? { pid: 0, host: '?', since: '?' }, dir)
}

/**
 * Deletes the lock only if it still holds `judged`, with the takeover mutex held, so that no
 * process can delete a lock created after the stale one was judged.
 */
async function removeUnderMutex(dir: string, path: string, judged: string): Promise<'removed' | 'changed' | 'busy'> {
  const mutex = join(dir, TAKEOVER_FILE)
  const token = randomUUID()
  try {
    await createExclusively(mutex, JSON.stringify({ pid: process.pid, host: hostname(), token }))
  } catch (error) {
    if (!isErrorCode(error, 'EEXIST')) throw error
    await clearAbandonedMutex(mutex)
    return 'busy'
  }
  try {
    const current = await readLock(path)
    if (current === null || current.raw !== judged) return 'changed'
    await unlink(path)
    return 'removed'
  } finally {
    await unlink(mutex).catch(() => undefined)
  }
}

/** A mutex whose holder died (same host, pid gone) or that is far older than any holder keeps it. */
async function clearAbandonedMutex(mutex: string): Promise<void> {
  const found = await readLock(mutex)
  if (found === null) return
  const holder = found.owner
  const abandoned =
    Date.now() - found.modified > MUTEX_STALE_MS || (holder !== null && holder.host === hostname() && !processIsAlive(holder.pid))
  if (!abandoned) return
  // Judged again just before deleting: a fresh mutex made in between is left alone.
  const again = await readLock(mutex)
  if (again?.raw === found.raw) await unlink(mutex).catch(() => undefined)
}

async function releaseLock(dir: string, token: string): Promise<void> {
  heldTokens.delete(token)
  const path = join(dir, LOCK_FILE)
  // Only our own lock: if the user took it over from another window, that one is theirs now.
  for (let attempt = 0; attempt < 50; attempt++) {
    const current = await readLock(path)
    if (current?.owner?.token !== token) return
    const outcome = await removeUnderMutex(dir, path, current.raw)
    if (outcome !== 'busy') return
    await pause(5)
  }
}

/** The lock's owner as it would be reported, for messages (null when there is no lock). */
export async function currentLockOwner(dir: string): Promise<LockOwner | null> {
  return (await readLock(join(dir, LOCK_FILE)))?.owner ?? null
}

/**
 * Creates the file with its content in one step (link of a finished temp file), so another
 * process never sees an empty lock and mistakes it for a stale one.
 */
async function createExclusively(path: string, content: string): Promise<void> {
  const temp = `${path}${TEMP_MARKER}${process.pid}-${randomUUID().slice(0, 8)}`
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

async function readLock(path: string): Promise<{ raw: string; owner: LockOwner | null; modified: number } | null> {
  let raw: string
  let modified: number
  try {
    raw = await readFile(path, 'utf8')
    modified = (await stat(path)).mtimeMs
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null
    throw error
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockOwner>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return {
        raw,
        modified,
        owner: {
          pid: parsed.pid,
          host: parsed.host,
          since: String(parsed.since ?? ''),
          ...(typeof parsed.token === 'string' ? { token: parsed.token } : {}),
          ...(typeof parsed.started === 'number' ? { started: parsed.started } : {}),
        },
      }
    }
  } catch {
    // A lock file that is not JSON carries no owner.
  }
  return { raw, owner: null, modified }
}
