// Settings → 团队同步 / Team sync: the server, database, user and password (handed to main, which
// keeps it in the system keychain, never in the workspace), the last sync's report and the
// conflicts, each version shown with a button to keep it.
import { useEffect, useState } from 'react'
import type { SyncConflict, SyncConflictVersion } from '../../../../shared/sync/status'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { refreshSyncStatus, runSync, useSyncView } from './sync-store'

interface TeamSyncSettingsProps {
  readOnly: boolean
  onSynced: () => void
  onError: (error: unknown) => void
}

const isLoopback = (url: string) => {
  try {
    return /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(new URL(url).hostname)
  } catch {
    return false
  }
}

function describe(version: SyncConflictVersion): string {
  const body = version.body
  if (!body) return '—'
  switch (body.type) {
    case 'annotation':
    case 'curated': {
      const { quote, label, attributes } = body.annotation
      const figures = Object.entries(attributes).map(([name, value]) => `${name}: ${String(value)}`).join(', ')
      return `「${quote}」 ${label}${figures ? ` · ${figures}` : ''}`
    }
    case 'indicator':
      return `${body.indicator.name} (${body.indicator.unit}) ${body.indicator.aliases.join('、')}`
    case 'label':
      return `${body.label.name['zh-CN']} / ${body.label.name.en} ${body.label.color}`
    case 'decision':
      return `${body.decision.action} · ${body.decision.author}`
    case 'document':
      return body.document.title
  }
}

export function TeamSyncSettings({ readOnly, onSynced, onError }: TeamSyncSettingsProps) {
  const { t } = useI18n()
  const { status, running, report } = useSyncView()
  const [url, setUrl] = useState('')
  const [db, setDb] = useState('')
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [allowHttp, setAllowHttp] = useState(false)
  const [conflicts, setConflicts] = useState<SyncConflict[]>([])

  useEffect(() => {
    refreshSyncStatus().then((current) => {
      if (!current.settings) return
      setUrl(current.settings.url)
      setDb(current.settings.db)
      setUser(current.settings.user)
      setAllowHttp(current.settings.allowHttp)
    }, onError)
  }, [onError])

  const conflictCount = status?.conflicts ?? 0
  useEffect(() => {
    if (!status?.settings) return
    call('sync.conflicts', {}).then(setConflicts, onError)
  }, [status?.settings, conflictCount, onError])

  const save = async () => {
    let confirmed = allowHttp
    if (url.startsWith('http://') && !isLoopback(url) && !allowHttp) {
      if (!window.confirm(t('sync.confirmHttp'))) return
      confirmed = true
      setAllowHttp(true)
    }
    try {
      await call('sync.configure', { url: url.trim(), db: db.trim(), user: user.trim(), allowHttp: confirmed, ...(password ? { password } : {}) })
      setPassword('')
      await runSync()
      onSynced()
    } catch (error) {
      onError(error)
    }
  }

  const keep = async (conflict: SyncConflict, version: SyncConflictVersion) => {
    try {
      setConflicts(await call('sync.resolve', { id: conflict.id, rev: version.rev }))
      await refreshSyncStatus()
      onSynced()
    } catch (error) {
      onError(error)
    }
  }

  return (
    <section className="team-sync" aria-label={t('sync.title')} data-testid="team-sync">
      <h3>{t('sync.title')}</h3>
      <p className="muted">{t('sync.intro')}</p>
      <form
        className="team-sync-form"
        onSubmit={(event) => {
          event.preventDefault()
          void save()
        }}
      >
        <label className="field">
          <span>{t('sync.url')}</span>
          <input type="url" required value={url} placeholder="https://couch.example.org" disabled={readOnly} onChange={(event) => setUrl(event.target.value)} />
        </label>
        <label className="field">
          <span>{t('sync.db')}</span>
          <input required value={db} disabled={readOnly} onChange={(event) => setDb(event.target.value)} />
        </label>
        <label className="field">
          <span>{t('sync.user')}</span>
          <input required value={user} autoComplete="username" disabled={readOnly} onChange={(event) => setUser(event.target.value)} />
        </label>
        <label className="field">
          <span>
            {t('sync.password')} {status?.hasPassword && <span className="muted">{t('sync.passwordKept')}</span>}
          </span>
          <input type="password" value={password} autoComplete="current-password" disabled={readOnly} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={allowHttp} disabled={readOnly} onChange={(event) => setAllowHttp(event.target.checked)} />
          {t('sync.allowHttp')}
        </label>
        <div className="actions">
          <button type="submit" disabled={readOnly || running}>
            {t('sync.save')}
          </button>
          {status?.settings && (
            <button type="button" disabled={running} title={t('sync.shortcut')} onClick={() => runSync().then(onSynced, onError)}>
              {t('sync.now')}
            </button>
          )}
        </div>
      </form>
      {status?.lastError && (
        <p className="error-text" role="status">
          {status.lastError}
        </p>
      )}
      {report && (
        <div className="sync-report" data-testid="sync-report">
          <p>{t('sync.report', { pushed: report.pushed, pulled: report.pulled, conflicts: report.conflicts, pending: report.pending })}</p>
          {report.refused.length > 0 && (
            <details>
              <summary>{t('sync.refused', { count: report.refused.length })}</summary>
              <ul>
                {report.refused.map((problem) => (
                  <li key={problem.id}>
                    <code>{problem.id}</code> {problem.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.rejected.length > 0 && (
            <details open>
              <summary>{t('sync.rejected', { count: report.rejected.length })}</summary>
              <ul>
                {report.rejected.map((problem) => (
                  <li key={problem.id}>
                    <code>{problem.id}</code> {problem.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {status?.settings && (
        <>
          <h4>{t('sync.conflicts')}</h4>
          {conflicts.length === 0 ? (
            <p className="muted">{t('sync.noConflicts')}</p>
          ) : (
            <ul className="sync-conflicts" data-testid="sync-conflicts">
              {conflicts.map((conflict) => (
                <li key={conflict.id}>
                  <code>{conflict.id}</code>
                  <ol>
                    {conflict.versions.map((version) => (
                      <li key={version.rev} data-winner={version.winner}>
                        <span>{describe(version)}</span> {version.winner && <span className="tag">{t('sync.winner')}</span>}{' '}
                        <button type="button" disabled={readOnly} onClick={() => void keep(conflict, version)}>
                          {t('sync.keep')}
                        </button>
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
