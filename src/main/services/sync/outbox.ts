// The durable outbox (DESIGN §12): which local records changed since they last reached the
// server. The store records a save's keys here BEFORE it writes the save itself, so a crash in
// between leaves a key marked that did not change (the next sync finds nothing to send), never
// a change that is not marked. Keys leave only once a push has carried them to the server.
import { mkdir, readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { isErrorCode, writeFileDurably } from '../durable-file'
import { SerialQueue } from '../json-store-file'
import { syncPaths } from './paths'

const OutboxFileSchema = z.object({
  schemaVersion: z.literal(1),
  /** Every record counts as changed: set when a workspace joins a team, or when the outbox was unreadable. */
  full: z.boolean(),
  next: z.number().int().nonnegative(),
  entries: z.record(z.string(), z.number().int().nonnegative()),
})
type OutboxFile = z.infer<typeof OutboxFileSchema>

export interface OutboxSnapshot {
  full: boolean
  /** The sequence `full` was set at; a later markAll keeps it set. */
  fullSeq: number
  entries: ReadonlyMap<string, number>
}

export class SyncOutbox {
  private readonly queue = new SerialQueue()
  private fullSeq = 0

  private constructor(
    private readonly path: string,
    private data: OutboxFile,
  ) {}

  /** The workspace's outbox when it is connected to a team database, else null (nothing to record). */
  static async openIfConfigured(workspaceDir: string): Promise<SyncOutbox | null> {
    const paths = syncPaths(workspaceDir)
    try {
      await stat(paths.config)
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return null
      throw error
    }
    return SyncOutbox.open(workspaceDir)
  }

  static async open(workspaceDir: string): Promise<SyncOutbox> {
    const path = syncPaths(workspaceDir).outbox
    let data: OutboxFile = { schemaVersion: 1, full: false, next: 1, entries: {} }
    try {
      const parsed = OutboxFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')))
      // An unreadable outbox cannot say what changed, so everything is compared again: slower, never lossy.
      data = parsed.success ? parsed.data : { ...data, full: true }
    } catch (error) {
      if (!isErrorCode(error, 'ENOENT')) data = { ...data, full: true }
    }
    const outbox = new SyncOutbox(path, data)
    // markAll took `next` as its sequence and moved `next` on by one: the same number again, so
    // that a later markAll (which takes the new `next`) is told apart from the one on disk.
    outbox.fullSeq = data.full ? data.next - 1 : 0
    return outbox
  }

  get size(): number {
    return Object.keys(this.data.entries).length
  }

  get full(): boolean {
    return this.data.full
  }

  has(key: string): boolean {
    return Object.hasOwn(this.data.entries, key)
  }

  private async write(next: OutboxFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    await writeFileDurably(this.path, JSON.stringify(next))
    this.data = next
  }

  /** Marks keys as changed; durable when the promise resolves. */
  record(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return Promise.resolve()
    return this.queue.run(async () => {
      const entries = { ...this.data.entries }
      let next = this.data.next
      for (const key of keys) entries[key] = next++
      await this.write({ ...this.data, next, entries })
    })
  }

  /** Every record counts as changed (a workspace joining a team sends all it has). */
  markAll(): Promise<void> {
    return this.queue.run(async () => {
      this.fullSeq = this.data.next
      await this.write({ ...this.data, full: true, next: this.data.next + 1 })
    })
  }

  snapshot(): Promise<OutboxSnapshot> {
    return this.queue.run(async () => ({ full: this.data.full, fullSeq: this.fullSeq, entries: new Map(Object.entries(this.data.entries)) }))
  }

  /** Drops what a successful push carried: keys recorded again since the snapshot stay. */
  clear(snapshot: OutboxSnapshot, keep: ReadonlySet<string> = new Set()): Promise<void> {
    return this.queue.run(async () => {
      const entries: Record<string, number> = {}
      for (const [key, seq] of Object.entries(this.data.entries)) {
        if (keep.has(key) || snapshot.entries.get(key) !== seq) entries[key] = seq
      }
      const full = this.data.full && !(snapshot.full && this.fullSeq === snapshot.fullSeq)
      await this.write({ ...this.data, full, entries })
    })
  }
}
