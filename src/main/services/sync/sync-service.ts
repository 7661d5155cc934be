// Team sync for one open workspace (DESIGN §12). The workspace stays the truth on this machine;
// a local PouchDB (leveldb, in sync/mirror) is its replica of the team database, and PouchDB's
// own replication carries it to and from CouchDB (_changes with checkpoints, _revs_diff,
// _bulk_docs, revision trees): nothing of the protocol is written here. A run:
//   1. flush: every record the outbox marks (and the curated set's changes) is written into the
//      mirror as a child of the revision the workspace shows, or as a tombstone;
//   2. push the mirror to the server; the outbox forgets what reached it;
//   3. pull the server into the mirror;
//   4. apply the mirror's changes since the stored checkpoint to the workspace, batch by batch,
//      moving the checkpoint after each, so a run killed half-way resumes where it stopped.
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { formatError, type ErrorCode } from '../../../shared/messages'
import { bodyOf, canonicalJson, parseDocId, sameBody, SyncBodySchema } from '../../../shared/sync/records'
import { splitRev } from '../../../shared/sync/conflicts'
import { syncState, type SyncConflict, type SyncReport, type SyncSettings, type SyncStatus } from '../../../shared/sync/status'
import { AppError } from '../app-error'
import { CURATED_SOURCE_ID } from '../../../shared/review'
import type { SourceStore } from '../sources'
import type { WorkspaceStore } from '../workspace-store'
import { applyDocs, type ApplyContext } from './apply'
import { byLocalKind, curatedChanges, curatedRecords, decisionNames, everyLocalKey, wantedFor, type Wanted } from './local-records'
import { SyncOutbox, type OutboxSnapshot } from './outbox'
import { syncPaths } from './paths'
import { PouchDB, type Doc, type PouchDatabase } from './pouch'
import { checkServerUrl, openRemote, remoteError } from './remote'
import { ownCounts } from '../own-counts'
import {
  readCuratedBase,
  readSyncSettings,
  readSyncState,
  writeCuratedBase,
  writeSyncSettings,
  writeSyncState,
  type SyncStateFile,
} from './sync-state'

/** Keeps the team password out of the workspace folder: the app's keychain (safeStorage), an environment variable for the CLI. */
export interface SyncSecrets {
  get(account: string): Promise<string | null>
  set(account: string, password: string): Promise<void>
}

export const secretAccount = (settings: Pick<SyncSettings, 'url' | 'db' | 'user'>) => `${settings.url}|${settings.db}|${settings.user}`

/** Passwords for this process only (tests, and the app where the keychain is unavailable). */
export function memorySecrets(initial: Record<string, string> = {}): SyncSecrets {
  const known = new Map(Object.entries(initial))
  return {
    get: async (account) => known.get(account) ?? null,
    set: async (account, password) => void known.set(account, password),
  }
}

const BATCH = 500
/**
 * Pulled changes applied between two moves of the checkpoint, and all that is held of them at
 * once. A teammate's layer is kept per document, so a batch rewrites only the documents it
 * touches; larger batches only held more (a first pull of 200,000 annotations at 20,000 a batch
 * peaked at 1.7 GB).
 */
const APPLY_BATCH = 5000
/** Characters of document text a batch of pulled changes may hold, and how many changes are read at a time while texts come. */
const APPLY_TEXT = 2_000_000
const TEXT_PAGE = 50
/** Text per change above which the feed is read TEXT_PAGE at a time (a run of documents, as an earlier version sent them). */
const TEXT_PER_CHANGE = 2000
/** Documents per replication request: fewer round trips (each checks and writes a batch on the server). */
const REPLICATION_BATCH = 1000

type MirrorDoc = Doc & { _rev: string }

export class SyncService {
  private mirrorDb: PouchDatabase | null = null
  private running: Promise<SyncReport> | null = null
  /** A conflict being resolved writes the mirror: a sync waits for it (see pushFrom in sync-state.ts). */
  private resolving: Promise<unknown> | null = null
  private readonly paths

  constructor(
    readonly store: WorkspaceStore,
    private readonly sources: () => SourceStore,
    private readonly secrets: SyncSecrets,
    /** Test hook: runs after the push, before the pull (where an edit made during a sync lands). */
    private readonly beforePull?: () => Promise<void>,
  ) {
    this.paths = syncPaths(store.dir)
  }

  private mirror(): PouchDatabase {
    // auto_compaction drops the bodies of superseded revisions; leaves (conflicts) are kept.
    this.mirrorDb ??= new PouchDB(this.paths.mirror, { auto_compaction: true })
    return this.mirrorDb
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined)
    const mirror = this.mirrorDb
    this.mirrorDb = null
    await mirror?.close()
  }

  settings(): Promise<SyncSettings | null> {
    return readSyncSettings(this.paths.config)
  }

  private async requireSettings(): Promise<SyncSettings> {
    const settings = await this.settings()
    if (!settings) throw new AppError('SYNC_NOT_CONFIGURED')
    return settings
  }

  private async outbox(): Promise<SyncOutbox> {
    this.store.syncOutbox ??= await SyncOutbox.open(this.store.dir)
    return this.store.syncOutbox
  }

  /**
   * Connects the workspace to a team database. A new server, database or user starts afresh:
   * the old replica belongs to another database (pushing it there would leak it) and every
   * local record is sent again.
   */
  async configure(settings: SyncSettings, password?: string): Promise<SyncStatus> {
    if (this.store.readOnly) throw new AppError('WORKSPACE_READ_ONLY', { path: this.store.dir })
    checkServerUrl(settings.url, settings.allowHttp)
    await this.running?.catch(() => undefined)
    const previous = await this.settings()
    const same = previous && previous.url === settings.url && previous.db === settings.db && previous.user === settings.user
    if (!same) {
      await this.close()
      await Promise.all([this.paths.mirror, this.paths.state, this.paths.curatedBase].map((path) => rm(path, { recursive: true, force: true })))
    }
    await writeSyncSettings(this.paths.config, settings)
    if (password !== undefined) await this.secrets.set(secretAccount(settings), password)
    if (!same) await (await this.outbox()).markAll()
    return this.status()
  }

  private async pending(state: SyncStateFile): Promise<number> {
    const outbox = await this.outbox()
    let all = 0
    if (outbox.full) {
      all = this.store.documents.length + this.store.labels.length + this.store.indicators.length
      for (const doc of this.store.documents) all += ownCounts(this.store).known(doc.id) ?? 0
    }
    return outbox.size + state.unpushed.length + all
  }

  async status(): Promise<SyncStatus> {
    const settings = await this.settings()
    const state = await readSyncState(this.paths.state)
    const pending = settings ? await this.pending(state) : 0
    const locale = this.store.settings.locale
    return {
      state: syncState({ configured: settings !== null, running: this.running !== null, lastFailed: state.lastError !== null, pending, conflicts: state.conflicts.length }),
      settings,
      hasPassword: settings ? (await this.secrets.get(secretAccount(settings))) !== null : false,
      pending,
      conflicts: state.conflicts.length,
      lastSyncAt: state.lastSyncAt,
      lastReport: state.lastReport,
      lastError: state.lastError ? formatError(state.lastError.code as ErrorCode, state.lastError.params, locale) : null,
    }
  }

  /** One sync; a second call while one runs joins it. */
  run(): Promise<SyncReport> {
    this.running ??= this.runOnce().finally(() => {
      this.running = null
    })
    return this.running
  }

  private async runOnce(): Promise<SyncReport> {
    await this.resolving?.catch(() => undefined)
    const settings = await this.requireSettings()
    const password = await this.secrets.get(secretAccount(settings))
    const outbox = await this.outbox()
    const mirror = this.mirror()
    const state = await readSyncState(this.paths.state)
    const base = await readCuratedBase(this.paths.curatedBase)

    const snapshot = await outbox.snapshot()
    const caughtUp = String(state.appliedSeq) === String((await mirror.info()).update_seq ?? 0)
    const flushed = await this.flush(mirror, settings.user, snapshot, base, state.editedOn)
    // What the flush wrote is what the workspace holds: when every earlier change of the mirror was
    // applied, applying the flush's own writes again would change nothing (and took as long as
    // the flush itself on a first sync). Not so for a branch: it may change which version wins.
    if (caughtUp && !flushed.branched) state.appliedSeq = (await mirror.info()).update_seq ?? state.appliedSeq
    state.unpushed = [...new Set([...state.unpushed, ...flushed.curatedIds])]
    await writeCuratedBase(this.paths.curatedBase, base)
    await writeSyncState(this.paths.state, state)

    let pushed = 0
    let pulled = 0
    let editing = new Map<string, string>()
    const rejected: SyncReport['rejected'] = []
    try {
      const remote = openRemote(settings, password)
      const info = await remote.info()
      // PouchDB's http adapter answers a missing database with an error object rather than a rejection.
      if (info.error) throw info
      // A server sequence lower than last time is a database made anew: everything is offered again.
      const serverSeq = leadingNumber(info.update_seq)
      const since = state.pushFrom !== null && serverSeq >= state.serverSeq ? { since: state.pushFrom } : {}
      const push = await mirror.replicate.to(remote, { batch_size: REPLICATION_BATCH, ...since })
      const pushedThrough = (await mirror.info()).update_seq ?? 0
      pushed = push.docs_written
      // Documents the server refused earlier are offered again (another replication, so it is not past them).
      const earlier = state.rejected.map((problem) => problem.id)
      const retried = earlier.length > 0 ? await mirror.replicate.to(remote, { doc_ids: earlier }) : null
      pushed += retried?.docs_written ?? 0
      const failures = [...push.errors, ...(retried?.errors ?? [])]
      for (const failure of failures) if (failure.id) rejected.push({ id: failure.id, reason: failure.reason ?? failure.message ?? failure.name ?? 'refused' })
      const rejectedIds = new Set(rejected.map((problem) => problem.id))
      const keep = new Set([...flushed.localKeys].filter(([id]) => rejectedIds.has(id)).map(([, key]) => key))
      await outbox.clear(snapshot, keep)
      state.unpushed = state.unpushed.filter((id) => rejectedIds.has(id))
      state.rejected = rejected
      await writeSyncState(this.paths.state, state)
      await this.beforePull?.()
      // What the records edited during this sync were edited on, before the pull brings other versions.
      editing = await this.revisionsOf(mirror, settings.user, snapshot)
      const beforePull = (await mirror.info()).update_seq ?? 0
      const pull = await mirror.replicate.from(remote, { batch_size: REPLICATION_BATCH })
      pulled = pull.docs_written
      // The pull's writes came from the server: the next push starts after them instead of asking
      // the server about each again (5 s per 20,000 records), unless something else wrote meanwhile.
      state.pushFrom = String(beforePull) === String(pushedThrough) ? ((await mirror.info()).update_seq ?? null) : null
      state.serverSeq = serverSeq
    } catch (error) {
      const failure = remoteError(error, settings, await this.pending(state))
      state.lastError = { code: failure.code, params: failure.params }
      await writeSyncState(this.paths.state, state)
      throw failure
    }

    const refused = await this.applyPulled(mirror, state, base, editing)
    await this.settle(mirror, settings.user, new Set(rejected.map((problem) => problem.id)))
    state.lastSyncAt = new Date().toISOString()
    state.lastError = null
    const report: SyncReport = { pushed, pulled, conflicts: state.conflicts.length, pending: await this.pending(state), refused, rejected }
    state.lastReport = report
    await writeSyncState(this.paths.state, state)
    return report
  }

  /** The mirror's revision of each record marked in the outbox since `snapshot` (edited while this sync ran). */
  private async revisionsOf(mirror: PouchDatabase, user: string, snapshot: OutboxSnapshot): Promise<Map<string, string>> {
    const outbox = await this.outbox()
    const now = await outbox.snapshot()
    const ids: string[] = []
    for (const [key, seq] of now.entries) {
      if (snapshot.entries.get(key) === seq) continue
      const wanted = await wantedFor(this.store, user, key)
      if (wanted) ids.push(wanted.id)
    }
    const revisions = new Map<string, string>()
    if (ids.length === 0) return revisions
    for (const row of (await mirror.allDocs({ keys: ids })).rows) if (row.value && !row.error) revisions.set(row.key, row.value.rev)
    return revisions
  }

  /** Makes the mirror hold what the workspace holds for every marked record. */
  private async flush(
    mirror: PouchDatabase,
    user: string,
    snapshot: OutboxSnapshot,
    base: Record<string, string>,
    editedOn: Record<string, string>,
  ): Promise<{ localKeys: Map<string, string>; curatedIds: string[]; branched: boolean }> {
    const keys = new Set(snapshot.entries.keys())
    if (snapshot.full) for (const key of await everyLocalKey(this.store)) keys.add(key)
    const curated = curatedChanges(await curatedRecords(this.sources(), user), base)
    const localKeys = new Map<string, string>()
    const written: string[] = []
    let branched = false
    const write = async (batch: ReadonlyMap<string, Wanted>) => {
      const { writes } = await this.plan(mirror, [...batch.values()])
      // An edit made on a revision that another version has since followed goes in as its sibling.
      const branches = writes.filter((write) => editedOn[write._id as string] !== undefined && editedOn[write._id as string] !== write._rev)
      const straight = writes.filter((write) => !branches.includes(write))
      const results = straight.length > 0 ? await mirror.bulkDocs(straight) : []
      if (branches.length > 0) {
        branched = true
        await mirror.bulkDocs(
          branches.map((write) => {
            const base = editedOn[write._id as string]
            const [position, hash] = splitRev(base)
            const fresh = randomBytes(16).toString('hex')
            return { ...write, _rev: `${position + 1}-${fresh}`, _revisions: { start: position + 1, ids: [fresh, hash] } }
          }),
          { new_edits: false },
        )
      }
      for (const result of results) {
        if (result.error) throw new Error(`sync replica refused ${result.id}: ${result.message ?? result.error}`)
      }
      for (const wanted of batch.values()) {
        written.push(wanted.id)
        if (wanted.localKey) localKeys.set(wanted.id, wanted.localKey)
      }
    }
    // Batch by batch, each record made from the workspace just before it is written: holding all
    // of a first sync's records at once took 1.7 GB for 200,000 annotations. Documents go first
    // (see byLocalKind); a record named twice keeps the later version, as a later batch overwrites it.
    let batch = new Map<string, Wanted>()
    for (const key of [...keys].sort(byLocalKind)) {
      const wanted = await wantedFor(this.store, user, key)
      if (wanted) batch.set(wanted.id, wanted)
      if (batch.size >= BATCH) {
        await write(batch)
        batch = new Map()
      }
    }
    for (const wanted of curated) {
      batch.set(wanted.id, wanted)
      if (batch.size >= BATCH) {
        await write(batch)
        batch = new Map()
      }
    }
    if (batch.size > 0) await write(batch)
    for (const id of written) delete editedOn[id]
    for (const wanted of curated) {
      if (wanted.record) base[wanted.id] = canonicalJson(wanted.record.body)
      else delete base[wanted.id]
    }
    return { localKeys, curatedIds: curated.map((wanted) => wanted.id), branched }
  }

  /** What the mirror needs so that it holds `wanted`: the writes, and the records it already holds as they are. */
  private async plan(mirror: PouchDatabase, wanted: readonly Wanted[]): Promise<{ writes: Array<Record<string, unknown>>; inSync: Wanted[] }> {
    const rows = (await mirror.allDocs({ keys: wanted.map((entry) => entry.id), include_docs: true })).rows
    const writes: Array<Record<string, unknown>> = []
    const inSync: Wanted[] = []
    wanted.forEach((entry, index) => {
      const row = rows[index]
      const present = row.value && !row.error ? row.value : null
      const live = present && !present.deleted ? (row.doc ?? null) : null
      if (!entry.record) {
        if (live) writes.push({ _id: entry.id, _rev: present!.rev, _deleted: true })
        else inSync.push(entry)
        return
      }
      if (live && sameBody(bodyOf(live), entry.record.body)) {
        inSync.push(entry)
        return
      }
      writes.push({ _id: entry.id, ...(present ? { _rev: present.rev } : {}), ...entry.record.body })
    })
    return { writes, inSync }
  }

  /**
   * Applying pulled changes saves through the store, which marks them in the outbox like any
   * edit; those that equal the mirror already (nothing to send) are taken out again, so the
   * count of pending changes stays true. A key edited meanwhile has a newer mark and stays.
   */
  private async settle(mirror: PouchDatabase, user: string, rejected: ReadonlySet<string>): Promise<void> {
    const outbox = await this.outbox()
    const snapshot = await outbox.snapshot()
    const settled = new Map<string, number>()
    const keys = [...snapshot.entries.keys()]
    for (let start = 0; start < keys.length; start += BATCH) {
      const wanted: Wanted[] = []
      for (const key of keys.slice(start, start + BATCH)) {
        const entry = await wantedFor(this.store, user, key)
        // The server refused it: it stays pending until the server takes it.
        if (entry && !rejected.has(entry.id)) wanted.push(entry)
      }
      for (const entry of (await this.plan(mirror, wanted)).inSync) settled.set(entry.localKey!, snapshot.entries.get(entry.localKey!)!)
    }
    if (settled.size > 0) await outbox.clear({ full: false, fullSeq: -1, entries: settled })
  }

  private async applyContext(base: Record<string, string>, ignoreOutbox = false): Promise<ApplyContext> {
    const settings = await this.requireSettings()
    const outbox = await this.outbox()
    const now = new Map<string, string>()
    for (const [id, record] of await curatedRecords(this.sources(), settings.user)) now.set(id, canonicalJson(record.body))
    const curated = await this.sources().get(CURATED_SOURCE_ID).catch(() => null)
    return {
      store: this.store,
      sources: this.sources(),
      user: settings.user,
      database: settings.db,
      isDirty: (key) => !ignoreOutbox && outbox.has(key),
      curatedBase: base,
      curatedNow: now,
      decisionNames: await decisionNames(this.sources(), settings.user, curated?.decisions ?? []),
    }
  }

  /** Step 4: the mirror's changes since the checkpoint into the workspace, the checkpoint moved after each batch. */
  private async applyPulled(mirror: PouchDatabase, state: SyncStateFile, base: Record<string, string>, editing: ReadonlyMap<string, string> = new Map()): Promise<SyncReport['refused']> {
    const context = await this.applyContext(base)
    // A record edited here during this sync is left as edited (isDirty); the revision it was edited on is kept for the next push.
    for (const [id, rev] of editing) state.editedOn[id] = state.editedOn[id] ?? rev
    const refused: SyncReport['refused'] = []
    const conflicts = new Set(state.conflicts)
    const retry = new Set<string>()
    const take = async (docs: MirrorDoc[]) => {
      for (const doc of docs) {
        if (doc._conflicts && doc._conflicts.length > 0) conflicts.add(doc._id)
        else conflicts.delete(doc._id)
      }
      const outcome = await applyDocs(context, docs)
      refused.push(...outcome.refused)
      for (const id of outcome.retry) retry.add(id)
    }
    const retryNow = async (ids: readonly string[]) => {
      for (let start = 0; start < ids.length; start += BATCH) {
        const rows = (await mirror.allDocs({ keys: ids.slice(start, start + BATCH), include_docs: true, conflicts: true })).rows
        await take(rows.flatMap((row) => ('doc' in row && row.doc ? [row.doc as MirrorDoc] : [])))
      }
    }
    await retryNow(state.retry)
    // Documents carry their whole text: they come a few at a time and end a batch early, so a
    // batch holds at most about APPLY_TEXT characters of text (a first pull of 1,000 documents
    // held all their texts at once, several times over while they were checked and written).
    let pageSize = TEXT_PAGE
    for (let done = false; !done; ) {
      const docs: MirrorDoc[] = []
      let since = state.appliedSeq
      let textLength = 0
      while (docs.length < APPLY_BATCH && textLength < APPLY_TEXT) {
        const page = await mirror.changes({ since, include_docs: true, conflicts: true, limit: pageSize })
        if (page.results.length === 0) {
          done = true
          break
        }
        let pageText = 0
        for (const change of page.results) {
          if (!change.doc) continue
          docs.push(change.doc as MirrorDoc)
          if (typeof change.doc.text === 'string') pageText += change.doc.text.length
        }
        textLength += pageText
        pageSize = pageText > page.results.length * TEXT_PER_CHANGE ? TEXT_PAGE : BATCH
        since = page.last_seq
      }
      if (since === state.appliedSeq) break
      await take(docs)
      state.appliedSeq = since
      state.conflicts = [...conflicts]
      state.retry = [...retry]
      await writeCuratedBase(this.paths.curatedBase, base)
      await writeSyncState(this.paths.state, state)
    }
    // Refused for want of a document or label that came later in this same run: tried once more now.
    if (retry.size > 0) {
      const again = new Set(retry)
      retry.clear()
      const still = refused.filter((problem) => !again.has(problem.id))
      refused.splice(0, refused.length, ...still)
      await retryNow([...again])
    }
    state.conflicts = [...conflicts]
    state.retry = [...retry]
    return refused
  }

  /** Every record with more than one version: the one the workspace shows first, then the others. */
  async conflicts(): Promise<SyncConflict[]> {
    await this.requireSettings()
    const state = await readSyncState(this.paths.state)
    const mirror = this.mirror()
    const found: SyncConflict[] = []
    for (const id of state.conflicts) {
      let winner: MirrorDoc
      try {
        winner = (await mirror.get(id, { conflicts: true })) as MirrorDoc
      } catch {
        continue
      }
      const losers = winner._conflicts ?? []
      if (losers.length === 0) continue
      const parse = (doc: Record<string, unknown>) => {
        const parsed = SyncBodySchema.safeParse(bodyOf(doc))
        return parsed.success ? parsed.data : null
      }
      const versions = [{ rev: winner._rev, winner: true, body: parse(winner) }]
      for (const rev of losers) versions.push({ rev, winner: false, body: parse(await mirror.get(id, { rev })) })
      found.push({ id, kind: parseDocId(id)?.kind ?? 'unknown', versions })
    }
    return found
  }

  /**
   * Keeps version `rev` of a conflicted record: it becomes the winner (a new revision on the
   * winning branch) and the other branches end in tombstones, which the next push carries to
   * the server. Until then every version stays retrievable.
   */
  async resolve(id: string, rev: string): Promise<SyncConflict[]> {
    while (this.running) await this.running.catch(() => undefined)
    const resolving = this.resolveNow(id, rev)
    this.resolving = resolving
    try {
      return await resolving
    } finally {
      if (this.resolving === resolving) this.resolving = null
    }
  }

  private async resolveNow(id: string, rev: string): Promise<SyncConflict[]> {
    await this.requireSettings()
    const mirror = this.mirror()
    let winner: MirrorDoc
    try {
      winner = (await mirror.get(id, { conflicts: true })) as MirrorDoc
    } catch {
      throw new AppError('SYNC_CONFLICT_NOT_FOUND', { id, rev })
    }
    const losers = winner._conflicts ?? []
    if (losers.length === 0 || (rev !== winner._rev && !losers.includes(rev))) throw new AppError('SYNC_CONFLICT_NOT_FOUND', { id, rev })
    const writes: Array<Record<string, unknown>> = losers.map((loser) => ({ _id: id, _rev: loser, _deleted: true }))
    if (rev !== winner._rev) writes.push({ ...bodyOf(await mirror.get(id, { rev })), _id: id, _rev: winner._rev })
    await mirror.bulkDocs(writes)
    const state = await readSyncState(this.paths.state)
    const base = await readCuratedBase(this.paths.curatedBase)
    const resolved = (await mirror.get(id, { conflicts: true })) as MirrorDoc
    const outcome = await applyDocs(await this.applyContext(base, true), [resolved])
    if (outcome.refused.length > 0) throw new AppError('INVALID_INPUT', { detail: outcome.refused[0].reason })
    state.conflicts = state.conflicts.filter((other) => other !== id)
    state.unpushed = [...new Set([...state.unpushed, id])]
    await writeCuratedBase(this.paths.curatedBase, base)
    await writeSyncState(this.paths.state, state)
    return this.conflicts()
  }
}

/** The number a CouchDB sequence starts with (`"123-g1AAAA…"` → 123; pouchdb-server's are plain numbers). */
function leadingNumber(seq: unknown): number {
  const found = /^\d+/.exec(String(seq ?? 0))
  return found ? Number(found[0]) : 0
}
