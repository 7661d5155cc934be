// Review mode (issue 6): a supervisor picks a document and two or more sources, walks the
// aligned units (agreed / differing / only in one) and settles each with one key; decisions go
// to the curated source. Each unit is shown as one lane per source over the same stretch of
// text, so differences in the span boundaries line up on screen.
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react'
import type { DocumentSummary } from '../../../../shared/api'
import type { AgreementReport } from '../../../../shared/agreement'
import type { Label } from '../../../../shared/model'
import {
  CURATED_SOURCE_ID,
  mergeUnit,
  type DecidedSpan,
  type ReviewAction,
  type ReviewState,
  type ReviewUnit,
  type SourceSummary,
  type UnitStatus,
} from '../../../../shared/review'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import type { MessageKey } from '../../i18n/messages'
import { ExchangePanel } from '../exchange/ExchangePanel'
import { AgreementPanel } from './AgreementPanel'
import { ReviewText } from './ReviewText'
import { LabelSelect } from '../../components/LabelSelect'
import { CONTEXT, Lane, describe } from './ReviewLane'
import { EditForm } from './ReviewEditForm'


/**
 * The sources the supervisor ticked, per workspace, kept while the app runs: the view is made
 * again when an annotation file arrives, and that must not change what they chose (issue 10).
 */
const tickedByUser = new Map<string, string[]>()
function rememberTicked(workspaceDir: string, ticked: string[]): void {
  tickedByUser.set(workspaceDir, ticked)
}

/** Decisions taken in this window, newest last: U takes back the last one wherever the selection is. */
interface TakenDecision {
  documentId: string
  sourceIds: string[]
  unitKey: string
}
const takenDecisions: TakenDecision[] = []

interface ReviewViewProps {
  documents: DocumentSummary[]
  labels: Label[]
  readOnly: boolean
  onError: (error: unknown) => void
  onWorkspaceChanged: () => void
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null
  return !!element && (element.tagName === 'INPUT' || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT')
}

export function ReviewView({ documents, labels, readOnly, onError, onWorkspaceChanged }: ReviewViewProps) {
  const { t, locale } = useI18n()
  const [sources, setSources] = useState<SourceSummary[]>([])
  const [chosen, setChosen] = useState<string[]>([])
  const [workspaceDir, setWorkspaceDir] = useState('')
  const [documentId, setDocumentId] = useState<string | null>(null)
  const [text, setText] = useState('')
  const [state, setState] = useState<ReviewState | null>(null)
  const [report, setReport] = useState<AgreementReport | null>(null)
  const [labelFilter, setLabelFilter] = useState('')
  const [statusFilter, setStatusFilter] = useState<'' | UnitStatus>('')
  const [cursor, setCursor] = useState(0)
  const [editing, setEditing] = useState<DecidedSpan | null>(null)
  const cancelEdit = useCallback(() => setEditing(null), [])
  const [scope, setScope] = useState<'document' | 'all'>('document')
  /** The source whose Delete was pressed once: deleting asks a second time, since it cannot be undone. */
  const [deleting, setDeleting] = useState<string | null>(null)

  const loadSources = useCallback(async () => {
    try {
      const [list, info] = await Promise.all([call('sources.list', {}), call('workspace.info', {})])
      setWorkspaceDir(info.dir)
      setSources(list)
      setChosen((current) => {
        const reviewable = (id: string) => list.some((source) => source.id === id && source.kind !== 'curated')
        const ticked = tickedByUser.get(info.dir)
        if (ticked) return ticked.filter(reviewable)
        const kept = current.filter(reviewable)
        if (kept.length >= 2) return kept
        const imported = list.filter((source) => source.kind === 'imported').map((source) => source.id)
        return imported.length >= 2 ? imported : list.filter((source) => source.kind !== 'curated').map((source) => source.id)
      })
    } catch (caught) {
      onError(caught)
    }
  }, [onError])

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadSources()
  }, [loadSources])

  // The documents any chosen source annotated, in library order.
  const candidates = useMemo(() => {
    const touched = new Set(sources.filter((source) => chosen.includes(source.id)).flatMap((source) => source.documentIds))
    return documents.filter((doc) => touched.has(doc.id))
  }, [sources, chosen, documents])
  const activeDocument = documentId && candidates.some((doc) => doc.id === documentId) ? documentId : (candidates[0]?.id ?? null)

  useEffect(() => {
    if (!activeDocument || chosen.length < 2) return
    let cancelled = false
    void (async () => {
      try {
        const [doc, next, agreement] = await Promise.all([
          call('documents.get', { id: activeDocument }),
          call('review.units', { documentId: activeDocument, sourceIds: chosen }),
          call('agreement.compute', { sourceIds: chosen, ...(scope === 'document' ? { documentIds: [activeDocument] } : {}) }),
        ])
        if (cancelled) return
        setText(doc.text)
        setState(next)
        setReport(agreement)
      } catch (caught) {
        onError(caught)
      }
    })()
    return () => {
      cancelled = true
    }
  }, [activeDocument, chosen, scope, onError])

  const visible = useMemo(
    () => (state?.units ?? []).filter((unit) => (!labelFilter || unit.label === labelFilter) && (!statusFilter || unit.status === statusFilter)),
    [state, labelFilter, statusFilter],
  )
  const active = Math.min(cursor, Math.max(0, visible.length - 1))
  const unit: ReviewUnit | undefined = visible[active]
  const decisionOf = (key: string) => state?.decisions.find((decision) => decision.unitKey === key)
  const labelOf = (key: string) => labels.find((label) => label.key === key)
  const sourceName = (id: string) => state?.sources.find((source) => source.id === id)?.name ?? id

  const nextOpen = (from: number, decided: Set<string>) => {
    for (let step = 1; step <= visible.length; step++) {
      const index = (from + step) % visible.length
      if (!decided.has(visible[index].key)) return index
    }
    return from
  }

  const decide = async (target: ReviewUnit, action: ReviewAction, spans: DecidedSpan[], sourceId?: string) => {
    if (!activeDocument || readOnly) return
    try {
      const next = await call('review.decide', { documentId: activeDocument, sourceIds: chosen, unitKey: target.key, action, spans, ...(sourceId ? { sourceId } : {}) })
      takenDecisions.push({ documentId: activeDocument, sourceIds: chosen, unitKey: target.key })
      setState(next)
      setEditing(null)
      setCursor(nextOpen(active, new Set(next.decisions.map((decision) => decision.unitKey))))
      // The curated source appears (or its count changes) in the source list and export menu.
      void loadSources()
    } catch (caught) {
      onError(caught)
    }
  }
  const spansOf = (target: ReviewUnit, sourceId: string): DecidedSpan[] =>
    target.members
      .filter((member) => member.sourceId === sourceId)
      .map(({ annotation }) => ({ start: annotation.start, end: annotation.end, label: annotation.label, attributes: annotation.attributes }))
  const accept = (target: ReviewUnit, index: number) => {
    const source = state?.sources[index]
    if (!source) return
    const spans = spansOf(target, source.id)
    // Taking the version of a source that has nothing here drops the others' spans: that is a
    // rejection, and it is recorded and shown as one rather than as an acceptance of nothing.
    void decide(target, spans.length === 0 ? 'reject' : 'accept', spans, source.id)
  }
  /** Takes back one unit's decision and selects that unit. */
  const undecide = async (documentId: string, unitKey: string) => {
    try {
      const next = await call('review.undecide', { documentId, sourceIds: chosen, unitKey })
      if (documentId !== activeDocument) setDocumentId(documentId)
      setState(next)
      const index = visible.findIndex((entry) => entry.key === unitKey)
      if (index >= 0 && documentId === activeDocument) setCursor(index)
    } catch (caught) {
      onError(caught)
    }
  }
  const undo = async (target: ReviewUnit) => {
    if (!activeDocument) return
    const at = takenDecisions.findLastIndex((entry) => entry.documentId === activeDocument && entry.unitKey === target.key)
    if (at >= 0) takenDecisions.splice(at, 1)
    await undecide(activeDocument, target.key)
  }
  /** U: the last decision taken with these sources, even after the selection moved on. */
  const undoLast = async () => {
    const sameSources = (entry: TakenDecision) => entry.sourceIds.length === chosen.length && entry.sourceIds.every((id, index) => id === chosen[index])
    const at = takenDecisions.findLastIndex(sameSources)
    if (at < 0) {
      if (unit && decisionOf(unit.key)) await undo(unit)
      return
    }
    const [last] = takenDecisions.splice(at, 1)
    await undecide(last.documentId, last.unitKey)
  }
  const acceptAgreed = async () => {
    if (!state || !activeDocument) return
    const first = state.sources[0]
    let latest = state
    try {
      for (const target of state.units.filter((entry) => entry.status === 'agreed' && !decisionOf(entry.key))) {
        latest = await call('review.decide', { documentId: activeDocument, sourceIds: chosen, unitKey: target.key, action: 'accept', sourceId: first.id, spans: spansOf(target, first.id) })
        takenDecisions.push({ documentId: activeDocument, sourceIds: chosen, unitKey: target.key })
      }
      setState(latest)
    } catch (caught) {
      onError(caught)
    }
  }

  // Bound in the commit that shows the state, not after the paint: a key pressed right after a
  // decision appears (progress 1/4) must act on that state, not on the one before it.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey || !unit || editing) return
      const key = event.key.toLowerCase()
      if (key === 'arrowdown' || key === 'j') setCursor(Math.min(visible.length - 1, active + 1))
      else if (key === 'arrowup' || key === 'k') setCursor(Math.max(0, active - 1))
      else if (/^[1-9]$/.test(key) && state && Number(key) <= state.sources.length) accept(unit, Number(key) - 1)
      else if (key === 'm') void decide(unit, 'merge', [mergeUnit(unit)])
      else if (key === 'r') void decide(unit, 'reject', [])
      else if (key === 'e') setEditing(mergeUnit(unit))
      else if (key === 'u') void undoLast()
      else if (key === 'a') void acceptAgreed()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  const toggleSource = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((entry) => entry !== id) : [...chosen, id]
    rememberTicked(workspaceDir, next)
    setChosen(next)
  }
  const removeSource = async (id: string) => {
    setDeleting(null)
    try {
      setSources(await call('sources.delete', { id }))
      const ticked = tickedByUser.get(workspaceDir)
      if (ticked) rememberTicked(workspaceDir, ticked.filter((entry) => entry !== id))
      setChosen((current) => current.filter((entry) => entry !== id))
    } catch (caught) {
      onError(caught)
    }
  }
  const exportCurated = async () => {
    try {
      await call('exchange.export', { format: 'csv', sourceId: CURATED_SOURCE_ID })
    } catch (caught) {
      onError(caught)
    }
  }

  return (
    <section className="review-view" aria-label={t('nav.review')}>
      <ExchangePanel
        sources={sources}
        currentDocumentId={chosen.length >= 2 ? activeDocument : null}
        readOnly={readOnly}
        onImported={() => {
          void loadSources()
          onWorkspaceChanged()
        }}
        onError={onError}
      />
      <div className="library-toolbar wrap review-sources" data-testid="review-sources">
        <strong>{t('review.sources')}</strong>
        {sources.map((source) => (
          <span key={source.id} className="review-source">
            {/* The curated source receives the decisions, so it is never one of the sources under review. */}
            {source.kind === 'curated' ? (
              <span data-testid="review-source-curated">
                {source.name} <span className="muted">· {t(`review.kind.${source.kind}` as MessageKey)} · {source.annotationCount}</span>
              </span>
            ) : (
              <label className="checkbox">
                <input type="checkbox" checked={chosen.includes(source.id)} onChange={() => toggleSource(source.id)} />
                {chosen.includes(source.id) && <span className="source-number">{chosen.indexOf(source.id) + 1}</span>}
                {source.name} <span className="muted">· {t(`review.kind.${source.kind}` as MessageKey)} · {source.annotationCount}</span>
              </label>
            )}
            {source.kind === 'imported' && !readOnly && deleting !== source.id && (
              <button type="button" className="review-source-delete" onClick={() => setDeleting(source.id)}>
                {t('review.delete')}
              </button>
            )}
            {source.kind === 'imported' && !readOnly && deleting === source.id && (
              <span role="group" aria-label={t('review.deleteAsk', { name: source.name, count: source.annotationCount })}>
                {t('review.deleteAsk', { name: source.name, count: source.annotationCount })}{' '}
                <button type="button" className="danger" onClick={() => void removeSource(source.id)}>
                  {t('review.deleteConfirm')}
                </button>{' '}
                <button type="button" onClick={() => setDeleting(null)}>
                  {t('review.deleteCancel')}
                </button>
              </span>
            )}
          </span>
        ))}
      </div>
      {chosen.length < 2 ? (
        <p className="empty-state">{t('review.pickSources')}</p>
      ) : (
        <>
          <div className="library-toolbar wrap">
            <label>
              {t('review.document')}{' '}
              <select aria-label={t('review.document')} value={activeDocument ?? ''} onChange={(event) => setDocumentId(event.target.value)}>
                {candidates.map((doc) => (
                  <option key={doc.id} value={doc.id}>
                    {doc.year ?? '----'} {doc.title}
                  </option>
                ))}
              </select>
            </label>
            <LabelSelect labels={labels} value={labelFilter} onChange={setLabelFilter} name={t('review.allLabels')} allText={t('review.allLabels')} />
            <select aria-label={t('review.allStatuses')} value={statusFilter} onChange={(event) => setStatusFilter(event.target.value as '' | UnitStatus)}>
              <option value="">{t('review.allStatuses')}</option>
              {(['differing', 'only-one', 'agreed'] as const).map((status) => (
                <option key={status} value={status}>
                  {t(`review.status.${status}`)}
                </option>
              ))}
            </select>
            {state && (
              <strong data-testid="review-progress">{t('review.progress', { settled: state.progress.settled, total: state.progress.total })}</strong>
            )}
            <span className="spacer" />
            <button type="button" disabled={readOnly} onClick={() => void acceptAgreed()}>
              {t('review.acceptAgreed')}
            </button>
            <button type="button" data-testid="export-curated" onClick={() => void exportCurated()}>
              {t('review.exportCurated')}
            </button>
          </div>
          <p className="muted keyboard-hint">{t('review.keys')}</p>
          {state && state.units.length === 0 && <p className="empty-state">{t('review.noUnits')}</p>}
          {state && state.units.length > 0 && (
            <div className="review-body">
              <ol className="review-units" data-testid="review-units">
                {visible.map((entry, index) => {
                  const decision = decisionOf(entry.key)
                  return (
                    <li key={entry.key}>
                      <button
                        type="button"
                        aria-current={index === active}
                        className={`review-unit status-${entry.status}`}
                        onClick={() => setCursor(index)}
                      >
                        <span className="swatch" style={{ background: labelOf(entry.label)?.color }} />
                        <span className={`tag status-tag status-${entry.status}`}>{t(`review.status.${entry.status}`)}</span>
                        <span className="unit-quote">{text.slice(entry.start, Math.min(entry.end, entry.start + 24))}</span>
                        <span className={`tag ${decision ? 'tag-done' : 'tag-open'}`}>
                          {decision ? t(`review.decided.${decision.action}`) : t('review.open')}
                        </span>
                      </button>
                    </li>
                  )
                })}
              </ol>
              {unit && state && (
                <div className="review-unit-detail" data-testid="review-unit">
                  <h3>
                    {t('review.unit', { n: active + 1 })} · {labelOf(unit.label)?.name[locale] ?? unit.label} ·{' '}
                    <span className={`tag status-tag status-${unit.status}`}>{t(`review.status.${unit.status}`)}</span>
                  </h3>
                  {state.sources.map((source, index) => (
                    <Lane
                      key={source.id}
                      title={`${index + 1}. ${source.name}`}
                      text={text}
                      unit={unit}
                      spans={unit.members.filter((member) => member.sourceId === source.id).map((member) => member.annotation)}
                      color={labelOf(unit.label)?.color ?? '#888888'}
                      labelName={(key) => labelOf(key)?.name[locale] ?? key}
                    />
                  ))}
                  <Lane
                    title={t('review.curated')}
                    text={text}
                    unit={unit}
                    spans={state.curated.filter((annotation) => annotation.start < unit.end + CONTEXT && annotation.end > unit.start - CONTEXT)}
                    color="#5f3dc4"
                    labelName={(key) => labelOf(key)?.name[locale] ?? key}
                    curated
                  />
                  <div className="actions review-actions">
                    {state.sources.map((source, index) => (
                      <button key={source.id} type="button" disabled={readOnly} onClick={() => accept(unit, index)}>
                        <kbd>{index + 1}</kbd> {t('review.accept', { name: source.name })}
                      </button>
                    ))}
                    <button type="button" disabled={readOnly} onClick={() => void decide(unit, 'merge', [mergeUnit(unit)])}>
                      <kbd>M</kbd> {t('review.merge')}
                    </button>
                    <button type="button" disabled={readOnly} onClick={() => setEditing(mergeUnit(unit))}>
                      <kbd>E</kbd> {t('review.edit')}
                    </button>
                    <button type="button" disabled={readOnly} onClick={() => void decide(unit, 'reject', [])}>
                      <kbd>R</kbd> {t('review.reject')}
                    </button>
                    {decisionOf(unit.key) && (
                      <button type="button" onClick={() => void undo(unit)}>
                        <kbd>U</kbd> {t('review.undo')}
                      </button>
                    )}
                  </div>
                  {editing && (
                    <EditForm
                      key={unit.key}
                      text={text}
                      documentId={unit.members[0].annotation.documentId}
                      span={editing}
                      labels={labels}
                      documents={documents}
                      onCancel={cancelEdit}
                      onSave={(span) => void decide(unit, 'edit', [span])}
                      onIndicatorsChanged={onWorkspaceChanged}
                      onError={onError}
                    />
                  )}
                  <p className="muted">
                    {unit.members.map((member) => `${sourceName(member.sourceId)}: ${describe(member.annotation.attributes)}`).join(' · ')}
                  </p>
                  <ReviewText
                    text={text}
                    units={visible}
                    activeKey={unit.key}
                    sourceIds={state.sources.map((source) => source.id)}
                    onSelect={(key) => setCursor(Math.max(0, visible.findIndex((entry) => entry.key === key)))}
                  />
                </div>
              )}
            </div>
          )}
          {report && (
            <AgreementPanel
              report={report}
              labels={labels}
              sourceIds={chosen}
              documentIds={scope === 'document' && activeDocument ? [activeDocument] : undefined}
              scope={
                <div className="segmented" role="group">
                  <button type="button" aria-pressed={scope === 'document'} onClick={() => setScope('document')}>
                    {t('agreement.scopeDocument')}
                  </button>
                  <button type="button" aria-pressed={scope === 'all'} onClick={() => setScope('all')}>
                    {t('agreement.scopeAll')}
                  </button>
                </div>
              }
              onError={onError}
              titleOf={(id) => documents.find((doc) => doc.id === id)?.title ?? id}
            />
          )}
        </>
      )}
    </section>
  )
}
