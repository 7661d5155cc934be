// The top bar's sync state (已同步 / 同步中 n / 离线，n 项待同步 / 冲突 n) with the time of the last
// sync; a click or Ctrl+Shift+S syncs now. Nothing is shown for a workspace without a team.
import { useEffect } from 'react'
import type { SyncReport } from '../../../../shared/sync/status'
import { useI18n } from '../../i18n/i18n'
import { refreshSyncStatus, runSync, useSyncView } from './sync-store'

interface SyncIndicatorProps {
  /** Changes when another workspace opens. */
  workspaceDir: string
  onSynced: (report: SyncReport | null) => void
  onError: (error: unknown) => void
}

export function SyncIndicator({ workspaceDir, onSynced, onError }: SyncIndicatorProps) {
  const { t, locale } = useI18n()
  const { status, running } = useSyncView()

  useEffect(() => {
    refreshSyncStatus().catch(onError)
  }, [workspaceDir, onError])

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
