// The small files team sync keeps in sync/: its settings (no password) and its state between
// runs. Both are written durably; an unreadable state file costs a slower sync, not data.
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { SyncSettingsSchema, type SyncReport, type SyncSettings } from '../../../shared/sync/status'
import { isErrorCode, writeFileDurably } from '../durable-file'

const ProblemSchema = z.object({ id: z.string(), reason: z.string() })

const SyncStateSchema = z.object({
  schemaVersion: z.literal(1),
  /** The mirror's change sequence up to which pulled changes are in the workspace. */
  appliedSeq: z.union([z.number(), z.string()]),
  conflicts: z.array(z.string()),
  /** Server documents refused for want of their document or label: looked at again next time. */
  retry: z.array(z.string()),
  /** Ids changed in the mirror (curated set, resolved conflicts) that no push has carried yet. */
  unpushed: z.array(z.string()),
  /** Local changes the server refused (403 per document): pushed again on the next sync. */
  rejected: z.array(ProblemSchema),
  /**
   * Records edited here while a sync pulled another version of them: the revision the local edit
   * was made on, so that the next push makes the edit a sibling of the pulled version (a conflict
   * both machines see) rather than a silent successor of it.
   */
  editedOn: z.record(z.string(), z.string()).default({}),
  /**
   * The mirror's sequence after the last pull, when nothing but the pull wrote the mirror since
   * the push before it: the next push starts there (what the pull brought is on the server).
   */
  pushFrom: z.union([z.number(), z.string()]).nullable().default(null),
  /** The server's update sequence (its leading number) at the last sync: lower later means the database was made anew. */
  serverSeq: z.number().default(0),
  lastSyncAt: z.string().nullable(),
  lastReport: z
    .object({
      pushed: z.number(),
      pulled: z.number(),
      conflicts: z.number(),
      pending: z.number(),
      refused: z.array(ProblemSchema),
      rejected: z.array(ProblemSchema),
    })
    .nullable(),
  lastError: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).nullable(),
})
export type SyncStateFile = z.infer<typeof SyncStateSchema>

export const emptySyncState = (): SyncStateFile => ({
  schemaVersion: 1,
  appliedSeq: 0,
  conflicts: [],
  retry: [],
  unpushed: [],
  rejected: [],
  editedOn: {},
  pushFrom: null,
  serverSeq: 0,
  lastSyncAt: null,
  lastReport: null,
  lastError: null,
})

const ConfigFileSchema = z.object({ schemaVersion: z.literal(1), settings: SyncSettingsSchema })

async function readJson(path: string): Promise<unknown | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined
    // A damaged file reads as absent; the callers start from a safe default.
    if (error instanceof SyntaxError) return null
    throw error
  }
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFileDurably(path, JSON.stringify(value))
}

export async function readSyncSettings(path: string): Promise<SyncSettings | null> {
  const parsed = ConfigFileSchema.safeParse(await readJson(path))
  return parsed.success ? parsed.data.settings : null
}

export const writeSyncSettings = (path: string, settings: SyncSettings) => writeJson(path, { schemaVersion: 1, settings })

/** A damaged state applies every pulled change again from the start: idempotent, so only slower. */
export async function readSyncState(path: string): Promise<SyncStateFile> {
  const parsed = SyncStateSchema.safeParse(await readJson(path))
  return parsed.success ? parsed.data : emptySyncState()
}

export const writeSyncState = (path: string, state: SyncStateFile) => writeJson(path, state)

export async function readCuratedBase(path: string): Promise<Record<string, string>> {
  const parsed = z.record(z.string(), z.string()).safeParse(await readJson(path))
  return parsed.success ? parsed.data : {}
}

export const writeCuratedBase = (path: string, base: Record<string, string>) => writeJson(path, base)

export type { SyncReport }
