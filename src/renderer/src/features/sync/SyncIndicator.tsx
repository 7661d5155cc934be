// The top bar's sync state (已同步 / 同步中 n / 离线，n 项待同步 / 冲突 n) with the time of the last
// sync; a click or Ctrl+Shift+S syncs now. Nothing is shown for a workspace without a team.
import { useEffect, useRef } from 'react'
import type { SyncReport } from '../../../../shared/sync/status'
import { useI18n } from '../../i18n/i18n'
import { useSaveState } from '../../state/annotation-store'
import { refreshSyncStatus, runSync, useSyncView } from './sync-store'

/** Quiet time after the last save before the edits go out on their own. */
export const AUTO_SYNC_DELAY_MS = 10_000

interface SyncIndicatorProps {
  /** Changes when another workspace opens. */
  workspaceDir: string
  onSynced: (report: SyncReport | null) => void
  onError: (error: unknown) => void
}

export function SyncIndicator({ workspaceDir, onSynced, onError }: SyncIndicatorProps) {
  const { t, locale } = useI18n()
  const { status, running } = useSyncView()

  const configured = Boolean(status?.settings)
  const { pending: saving } = useSaveState()
  const savedSinceSync = useRef(false)

  // On start: the workspace's status, then one sync if it belongs to a team. A failure shows in
  // the top bar (离线), not as an error: being offline is normal.
  useEffect(() => {
    refreshSyncStatus().then((current) => {
      if (current.settings) runSync().then(onSynced, () => undefined)
    }, onError)
  }, [workspaceDir, onSynced, onError])

  // After edits, once saving has been quiet for a while, they go out on their own.
  useEffect(() => {
    if (saving > 0) {
      savedSinceSync.current = true
      return
    }
    if (!configured || !savedSinceSync.current) return
    const timer = setTimeout(() => {
      savedSinceSync.current = false
      runSync().then(onSynced, () => undefined)
    }, AUTO_SYNC_DELAY_MS)
    return () => clearTimeout(timer)
  }, [configured, saving, onSynced])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.key.toLowerCase() !== 's') return
      event.preventDefault()
      if (status?.settings) runSync().then(onSynced, onError)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [status, onSynced, onError])

  if (!status?.settings) return null
  const state = running ? 'syncing' : status.state
  const label = t(`sync.state.${state}`, { pending: status.pending, conflicts: status.conflicts })
  const last = status.lastSyncAt ? t('sync.lastSync', { time: new Date(status.lastSyncAt).toLocaleString(locale) }) : t('sync.never')
  return (
    <button
      type="button"
      className={`sync-state sync-${state}`}
      data-testid="sync-state"
      aria-live="polite"
      title={`${last} · ${t('sync.shortcut')}${status.lastError ? `\n${status.lastError}` : ''}`}
      disabled={running}
      onClick={() => runSync().then(onSynced, onError)}
    >
      {label}
      <span className="muted sync-time">{status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : ''}</span>
    </button>
  )
}
