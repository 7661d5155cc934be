// PouchDB, loaded without its community type package: that package pulls the DOM library into
// every file the compiler sees (`/// <reference lib="dom" />`), which retypes Node's Buffer for
// the whole main process. The few calls sync makes are typed here instead.
import { createRequire } from 'node:module'

export type Doc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean; _conflicts?: string[] }

export interface AllDocsRow {
  id?: string
  key: string
  value?: { rev: string; deleted?: boolean }
  doc?: Doc | null
  error?: string
}

export interface WriteResult {
  ok?: boolean
  id?: string
  rev?: string
  error?: string | boolean
  message?: string
  status?: number
}

export interface ReplicationResult {
  ok: boolean
  docs_read: number
  docs_written: number
  doc_write_failures: number
  errors: Array<{ id?: string; name?: string; message?: string; reason?: string; status?: number }>
  last_seq?: number | string
  status: string
}

export interface ChangesResult {
  results: Array<{ id: string; seq: number | string; deleted?: boolean; doc?: Doc }>
  last_seq: number | string
}

export interface ReplicateOptions {
  batch_size?: number
  doc_ids?: string[]
  /** Start after this sequence of the source instead of the replication's checkpoint. */
  since?: number | string
}

export interface PouchDatabase {
  info(): Promise<Record<string, unknown> & { update_seq?: number | string; doc_count?: number; error?: string; status?: number; reason?: string }>
  get(id: string, options?: { rev?: string; conflicts?: boolean; revs?: boolean; open_revs?: 'all' }): Promise<Doc>
  put(doc: Doc): Promise<WriteResult>
  allDocs(options: { keys?: string[]; include_docs?: boolean; conflicts?: boolean; startkey?: string; endkey?: string; limit?: number }): Promise<{ rows: AllDocsRow[]; total_rows: number }>
  bulkDocs(docs: Array<Record<string, unknown>>, options?: { new_edits?: boolean }): Promise<WriteResult[]>
  changes(options: { since: number | string; include_docs?: boolean; conflicts?: boolean; limit?: number }): Promise<ChangesResult>
  replicate: {
    to(target: PouchDatabase, options?: ReplicateOptions): Promise<ReplicationResult>
    from(source: PouchDatabase, options?: ReplicateOptions): Promise<ReplicationResult>
  }
  close(): Promise<void>
  destroy(): Promise<void>
}

export interface PouchOptions {
  auto_compaction?: boolean
  skip_setup?: boolean
  auth?: { username: string; password: string }
  fetch?: (url: string, options?: Record<string, unknown>) => Promise<unknown>
}

export interface PouchConstructor {
  new (name: string, options?: PouchOptions): PouchDatabase
  fetch(url: string, options?: Record<string, unknown>): Promise<unknown>
}

export const PouchDB = createRequire(import.meta.url)('pouchdb') as PouchConstructor
