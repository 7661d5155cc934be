// 采纳到工作区 (issue 10): a preview of what adopting a source into the workspace's own
// annotations would do, per document — new, identical, conflicting — with a choice for the
// conflicts (one default, and per conflict), then the adoption as ONE undoable step.
import { useEffect, useRef, useState } from 'react'
import type { AdoptPreview } from '../../../../shared/api'
import { choiceFor, conflictChoices, resolveAdoption, type AdoptSummary, type ConflictChoice } from '../../../../shared/adopt'
import type { Annotation, Indicator, Label } from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { annotationStore } from '../../state/annotation-store'

interface AdoptDialogProps {
  source: string
  sourceName: string
  workspaceReadOnly: boolean
  onDone: (summary: AdoptSummary) => void
  onCancel: () => void
  onError: (error: unknown) => void
}

const choiceKey = { 'keep-mine': 'adopt.keepMine', 'take-theirs': 'adopt.takeTheirs', 'keep-both': 'adopt.keepBoth' } as const

export function AdoptDialog({ source, sourceName, workspaceReadOnly, onDone, onCancel, onError }: AdoptDialogProps) {
  const { t, locale } = useI18n()
  const [preview, setPreview] = useState<AdoptPreview | null>(null)
  const [defaultChoice, setDefaultChoice] = useState<ConflictChoice>('keep-mine')
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({})
  const [busy, setBusy] = useState(false)
  const confirmRef = useRef<HTMLButtonElement>(null)
  // Keyboard first: once the preview is there, Enter adopts and Esc cancels.
  useEffect(() => {
    if (preview) confirmRef.current?.focus()
  }, [preview])

  const [labels, setLabels] = useState<Label[]>([])
  const [indicators, setIndicators] = useState<Indicator[]>([])
  useEffect(() => {
    call('workspace.info', {}).then(
      (info) => {
        setLabels(info.labels)
        setIndicators(info.indicators)
      },
      () => undefined,
    )
  }, [])

  useEffect(() => {
    let current = true
    call('sources.adoptPreview', { source }).then(
      (result) => current && setPreview(result),
      (error: unknown) => {
        if (!current) return
        onError(error)
        onCancel()
      },
    )
    return () => {
      current = false
    }
  }, [source, onError, onCancel])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onCancel])

  const labelName = (key: string) => labels.find((label) => label.key === key)?.name[locale] ?? key
  const describe = (annotation: Annotation) => {
    const { indicator, value, valueMax, unit, comparator, periodYear } = annotation.attributes
    const figure = value === undefined ? '' : `${comparator ?? ''}${value}${valueMax === undefined ? '' : `~${valueMax}`}${unit ?? ''}`
    const indicatorName = indicator === undefined ? undefined : (indicators.find((entry) => entry.key === indicator)?.name ?? indicator)
    return [labelName(annotation.label), indicatorName, figure, periodYear].filter((part) => part !== undefined && part !== '').join(' · ')
  }

  const adopt = async () => {
    if (!preview) return
    setBusy(true)
    try {
      const result = resolveAdoption(preview.plan, { defaultChoice, choices }, {
        newId: () => crypto.randomUUID(),
        now: new Date().toISOString(),
        author: annotationStore.author,
        ownIds: new Set(preview.ownIds),
      })
      await annotationStore.applyBatch(
        result.changes.flatMap((change) => change.create),
        result.changes.flatMap((change) => change.remove),
      )
      onDone(result.summary)
    } catch (error) {
      onError(error)
      setBusy(false)
    }
  }

  const conflicts = preview?.plan.documents.flatMap((doc) => doc.items.filter((item) => item.kind === 'conflict').map((item) => ({ doc, item }))) ?? []
  const counts = preview?.plan.counts
  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={t('adopt.title', { name: sourceName })} data-testid="adopt-dialog">
      <section className="dialog adopt-dialog">
        <header className="dialog-header">
          <h2>{t('adopt.title', { name: sourceName })}</h2>
          {counts && <span data-testid="adopt-counts">{t('adopt.counts', { new: counts.new, identical: counts.identical, conflict: counts.conflict })}</span>}
        </header>
        <div className="dialog-body">
        {!preview ? (
          <p className="muted">{t('adopt.loading')}</p>
        ) : (
          <>
            <p className="muted">{t('adopt.explain')}</p>
            {preview.plan.documents.length === 0 ? (
              <p className="empty-state">{t('adopt.nothing')}</p>
            ) : (
              <table className="data-table compact" data-testid="adopt-documents">
                <thead>
                  <tr>
                    <th>{t('table.col.document')}</th>
                    <th>{t('adopt.new')}</th>
                    <th>{t('adopt.identical')}</th>
                    <th>{t('adopt.conflict')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.plan.documents.map((doc) => (
                    <tr key={doc.documentId}>
                      <td className="doc-cell">{preview.titles[doc.documentId] ?? doc.documentId}</td>
                      <td>{doc.counts.new}</td>
                      <td>{doc.counts.identical}</td>
                      <td>{doc.counts.conflict}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {conflicts.length > 0 && (
              <>
                <div className="library-toolbar wrap">
                  <strong>{t('adopt.defaultChoice')}</strong>
                  <div className="segmented" role="group" aria-label={t('adopt.defaultChoice')}>
                    {conflictChoices.map((choice) => (
                      <button key={choice} type="button" aria-pressed={defaultChoice === choice} onClick={() => setDefaultChoice(choice)}>
                        {t(choiceKey[choice])}
                      </button>
                    ))}
                  </div>
                </div>
                <ol className="adopt-conflicts" data-testid="adopt-conflicts">
                  {conflicts.map(({ doc, item }) => (
                    <li key={item.incoming.id} data-testid="adopt-conflict">
                      <div className="adopt-side">
                        <span className="muted">{t('adopt.theirs', { name: sourceName })}</span> 「{item.incoming.quote}」 <span className="muted">{describe(item.incoming)}</span>
                      </div>
                      {item.mine.map((mine) => (
                        <div key={mine.id} className="adopt-side">
                          <span className="muted">{t('adopt.mine')}</span> 「{mine.quote}」 <span className="muted">{describe(mine)}</span>
                        </div>
                      ))}
                      <div className="adopt-choice">
                        <span className="muted doc-cell">{preview.titles[doc.documentId]}</span>
                        <select
                          aria-label={t('adopt.choiceFor', { quote: item.incoming.quote.slice(0, 20) })}
                          value={choices[item.incoming.id] ?? ''}
                          onChange={(event) =>
                            setChoices((current) => {
                              const next = { ...current }
                              if (event.target.value === '') delete next[item.incoming.id]
                              else next[item.incoming.id] = event.target.value as ConflictChoice
                              return next
                            })
                          }
                        >
                          <option value="">{t('adopt.useDefault', { choice: t(choiceKey[defaultChoice]) })}</option>
                          {conflictChoices.map((choice) => (
                            <option key={choice} value={choice}>
                              {t(choiceKey[choice])}
                            </option>
                          ))}
                        </select>
                        <span className="tag">{t(choiceKey[choiceFor(item, { defaultChoice, choices })])}</span>
                      </div>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </>
        )}
        {workspaceReadOnly && <p className="error-text">{t('adopt.readOnly')}</p>}
        </div>
        <footer className="dialog-footer">
          <button ref={confirmRef} type="button" className="primary" data-testid="adopt-confirm" disabled={!preview || busy || workspaceReadOnly || (counts?.new ?? 0) + (counts?.conflict ?? 0) === 0} onClick={() => void adopt()}>
            {t('adopt.confirm')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('adopt.cancel')}
          </button>
        </footer>
      </section>
    </div>
  )
}
