// Commitments across years: grouped by the year of the document that made them and by theme, each
// with its follow-ups, the status the analyst gives it, and ranked candidates from later documents.
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { CommitmentEntry, FollowUpCandidate } from '../../../../shared/api'
import { followUpStatuses, type FollowUpStatus } from '../../../../shared/compare-types'
import type { Indicator } from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import type { MessageKey } from '../../i18n/messages'

interface CommitmentsViewProps {
  indicators: Indicator[]
  readOnly: boolean
  /** Whose commitments: the workspace's own, an imported source or the curated set. */
  source: string
  onOpen: (documentId: string, annotationId: string) => void
  onError: (error: unknown) => void
}

const followUpKey = (status: FollowUpStatus) => `commitments.status.${status}` as MessageKey

export function CommitmentsView({ indicators, readOnly, source, onOpen, onError }: CommitmentsViewProps) {
  const { t, docType } = useI18n()
  const [entries, setEntries] = useState<CommitmentEntry[] | null>(null)
  const [version, setVersion] = useState(0)
  const [candidates, setCandidates] = useState<{ id: string; list: FollowUpCandidate[] } | null>(null)

  useEffect(() => {
    let current = true
    call('commitments.list', { source }).then(
      (list) => current && setEntries(list),
      (error: unknown) => current && onError(error),
    )
    return () => {
      current = false
    }
  }, [version, source, onError])

  const themeName = useCallback(
    (key: string | null) => (key === null ? t('commitments.noTheme') : (indicators.find((indicator) => indicator.key === key)?.name ?? key)),
    [indicators, t],
  )

  const groups = useMemo(() => {
    const byYear = new Map<string, Map<string, CommitmentEntry[]>>()
    for (const entry of entries ?? []) {
      const year = String(entry.documentYear ?? '—')
      const themes = byYear.get(year) ?? new Map<string, CommitmentEntry[]>()
      const theme = themeName(entry.theme)
      themes.set(theme, [...(themes.get(theme) ?? []), entry])
      byYear.set(year, themes)
    }
    return [...byYear]
  }, [entries, themeName])

  const run = async (task: () => Promise<unknown>) => {
    try {
      await task()
      setVersion((n) => n + 1)
    } catch (error) {
      onError(error)
    }
  }

  const findCandidates = async (entry: CommitmentEntry) => {
    try {
      const list = await call('commitments.candidates', { documentId: entry.annotation.documentId, id: entry.annotation.id, limit: 5 })
      setCandidates({ id: entry.annotation.id, list })
    } catch (error) {
      onError(error)
    }
  }

  if (entries !== null && entries.length === 0) {
    return (
      <div className="empty-state" data-testid="commitments-empty">
        {t('commitments.empty')}
      </div>
    )
  }

  return (
    <div className="commitments" data-testid="commitments">
      {groups.map(([year, themes]) => (
        <section key={year} className="commitment-year">
          <h3>{t('commitments.madeIn', { year })}</h3>
          {[...themes].map(([theme, list]) => (
            <div key={theme} className="commitment-theme">
              <h4>{theme}</h4>
              <ul>
                {list.map((entry) => (
                  <li key={entry.annotation.id} className={`commitment follow-${entry.followUpStatus}`} data-annotation-id={entry.annotation.id}>
                    <div className="commitment-head">
                      <button type="button" className="link-button quote-cell" onClick={() => onOpen(entry.annotation.documentId, entry.annotation.id)}>
                        {entry.annotation.quote}
                      </button>
                      <span className="muted">
                        {entry.documentYear ?? '?'} {docType(entry.docType)} · {entry.documentTitle}
                      </span>
                      <select
                        aria-label={t('commitments.status')}
                        value={entry.followUpStatus}
                        disabled={readOnly}
                        onChange={(event) =>
                          void run(() =>
                            call('commitments.setStatus', {
                              documentId: entry.annotation.documentId,
                              id: entry.annotation.id,
                              status: event.target.value as FollowUpStatus,
                            }),
                          )
                        }
                      >
                        {followUpStatuses.map((status) => (
                          <option key={status} value={status}>
                            {t(followUpKey(status))}
                          </option>
                        ))}
                      </select>
                      {!readOnly && (
                        <button type="button" onClick={() => void findCandidates(entry)}>
                          {t('commitments.findFollowUps')}
                        </button>
                      )}
                    </div>
                    {entry.followUps.length > 0 && (
                      <ul className="follow-ups">
                        {entry.followUps.map((followUp) => (
                          <li key={followUp.annotation.id}>
                            <span className="muted">↳ {followUp.documentYear ?? '?'}</span>{' '}
                            <button type="button" className="link-button" onClick={() => onOpen(followUp.annotation.documentId, followUp.annotation.id)}>
                              {followUp.annotation.quote}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                    {candidates?.id === entry.annotation.id && (
                      <ol className="candidates" aria-label={t('commitments.candidates')}>
                        {candidates.list.length === 0 && <li className="muted">{t('commitments.noCandidates')}</li>}
                        {candidates.list.map((candidate) => (
                          <li key={`${candidate.documentId}:${candidate.start}`}>
                            <span className="score" title={t('commitments.scoreHint')}>
                              {Math.round(candidate.score * 100)}%
                            </span>
                            <span className="candidate-text">{candidate.text}</span>
                            <span className="muted">
                              {candidate.documentYear ?? '?'} · {candidate.documentTitle}
                            </span>
                            <button
                              type="button"
                              onClick={() =>
                                void run(async () => {
                                  await call('commitments.confirmFollowUp', {
                                    commitment: { documentId: entry.annotation.documentId, id: entry.annotation.id },
                                    documentId: candidate.documentId,
                                    start: candidate.start,
                                    end: candidate.end,
                                  })
                                  setCandidates(null)
                                })
                              }
                            >
                              {t('commitments.confirm')}
                            </button>
                          </li>
                        ))}
                      </ol>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </div>
  )
}
