// Where team sync keeps its state inside the workspace folder: everything under sync/, so a
// workspace that never syncs has none of it.
import { join } from 'node:path'

export const SYNC_DIR = 'sync'

export const syncPaths = (workspaceDir: string) => ({
  dir: join(workspaceDir, SYNC_DIR),
  /** Server, database and user (never the password). */
  config: join(workspaceDir, SYNC_DIR, 'config.json'),
  /** Checkpoint of what was applied to the workspace, conflicts, the last report. */
  state: join(workspaceDir, SYNC_DIR, 'state.json'),
  outbox: join(workspaceDir, SYNC_DIR, 'outbox.json'),
  /** The curated set and decisions as last synced: the base their local changes are found against. */
  curatedBase: join(workspaceDir, SYNC_DIR, 'curated-base.json'),
  /** The local PouchDB (leveldb) replica of the team database. */
  mirror: join(workspaceDir, SYNC_DIR, 'mirror'),
})
