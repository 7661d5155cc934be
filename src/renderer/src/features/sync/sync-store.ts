// The renderer's view of team sync, shared by the top bar and the settings form: the status from
// main, whether a sync runs, and the report of the last one this window started.
import { useSyncExternalStore } from 'react'
import type { SyncReport, SyncStatus } from '../../../../shared/sync/status'
import { call } from '../../bridge'

export interface SyncView {
  status: SyncStatus | null
  running: boolean
  report: SyncReport | null
}

let view: SyncView = { status: null, running: false, report: null }
const listeners = new Set<() => void>()

function publish(next: Partial<SyncView>): void {
  view = { ...view, ...next }
  for (const listener of listeners) listener()
}

export function useSyncView(): SyncView {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => view,
  )
}

export async function refreshSyncStatus(): Promise<SyncStatus> {
  const status = await call('sync.status', {})
  publish({ status })
  return status
}

/**
 * One sync. A failure (offline, refused) is shown in the top bar from the status, which main
 * records; it is thrown too so the caller can show the message.
 */
export async function runSync(): Promise<SyncReport | null> {
  if (view.running) return null
  publish({ running: true })
  try {
    const report = await call('sync.run', {})
    publish({ report })
    return report
  } finally {
    publish({ running: false })
    await refreshSyncStatus().catch(() => undefined)
  }
}
