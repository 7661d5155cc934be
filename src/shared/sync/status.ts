// What the sync.* operations of the contract return.
import { z } from 'zod'
import { SyncUserSchema, type SyncBody } from './records'

export const SyncSettingsSchema = z
  .object({
    url: z.string().min(1).max(2000),
    db: z
      .string()
      .regex(/^[a-z][a-z0-9_$()+/-]{0,237}$/, 'a CouchDB database name: lower-case letters, digits and _$()+-/ , starting with a letter'),
    user: SyncUserSchema,
    /** Plain HTTP to a machine other than this one, confirmed by the user. */
    allowHttp: z.boolean().default(false),
  })
  .strict()
export type SyncSettings = z.infer<typeof SyncSettingsSchema>

export interface SyncProblem {
  id: string
  reason: string
}

export interface SyncReport {
  pushed: number
  pulled: number
  /** Records with more than one version, waiting for the user. */
  conflicts: number
  /** Local changes not on the server yet. */
  pending: number
  /** Server documents that failed the workspace schema (or could not be applied): left out, listed. */
  refused: SyncProblem[]
  /** Local changes the server refused to store (403 from its validate_doc_update); they stay pending. */
  rejected: SyncProblem[]
}

export type SyncState = 'unconfigured' | 'synced' | 'syncing' | 'offline' | 'conflicts'

export interface SyncStatus {
  state: SyncState
  settings: Omit<SyncSettings, 'allowHttp'> & { allowHttp: boolean } | null
  hasPassword: boolean
  pending: number
  conflicts: number
  lastSyncAt: string | null
  lastReport: SyncReport | null
  /** The message of the last failed sync, in the user's language. */
  lastError: string | null
}

export interface SyncConflictVersion {
  rev: string
  winner: boolean
  body: SyncBody | null
}

export interface SyncConflict {
  id: string
  kind: string
  versions: SyncConflictVersion[]
}

/** The top bar's state from the counts: conflicts first, then pending work, then done. */
export function syncState(input: { configured: boolean; running: boolean; lastFailed: boolean; pending: number; conflicts: number }): SyncState {
  if (!input.configured) return 'unconfigured'
  if (input.running) return 'syncing'
  if (input.conflicts > 0) return 'conflicts'
  if (input.lastFailed || input.pending > 0) return 'offline'
  return 'synced'
}
