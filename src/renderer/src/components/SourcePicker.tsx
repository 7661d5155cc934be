// One source picker for every view that reads annotations (issue 10): 本工作区 (the workspace's
// own), each imported source by name, 审定集 (the curated set). Each view remembers its choice
// (per workspace, in this window's storage); a remembered source that is gone falls back to the
// workspace's own.
import { useCallback, useEffect, useState } from 'react'
import { CURATED_SOURCE_ID, WORKSPACE_SOURCE_ID, type SourceSummary } from '../../../shared/review'
import { call } from '../bridge'
import { useI18n } from '../i18n/i18n'
import { AdoptDialog } from '../features/adopt/AdoptDialog'
import { afterNextPaint } from '../state/after-paint'

/** The views that remember a source: the annotation table, and Compare (its three tabs and the chart share one). */
export type SourceView = 'annotations' | 'compare'

const storageKey = (workspaceDir: string, view: SourceView) => `pwb.source.${view}.${workspaceDir}`

function remembered(workspaceDir: string, view: SourceView): string {
  try {
    return localStorage.getItem(storageKey(workspaceDir, view)) ?? WORKSPACE_SOURCE_ID
  } catch {
    return WORKSPACE_SOURCE_ID
  }
}

export interface SourceChoice {
  source: string
  setSource: (source: string) => void
  sources: SourceSummary[]
  /** The chosen source's summary (null until the list arrived). */
  chosen: SourceSummary | null
  readOnlySource: boolean
}

/**
 * The view's source and the list to pick from; `refreshKey` reloads the list (an import arrived).
 * `listNow`: false while the view's own first request is in flight, so the list waits for it.
 */
export function useSourceChoice(view: SourceView, workspaceDir: string, refreshKey: unknown = 0, listNow = true): SourceChoice {
  const key = storageKey(workspaceDir, view)
  // The choice belongs to one workspace and view: another workspace starts from what it remembered.
  const [picked, setPicked] = useState(() => ({ key, source: remembered(workspaceDir, view) }))
  const [listed, setListed] = useState<{ workspaceDir: string; sources: SourceSummary[] }>({ workspaceDir, sources: [] })
  useEffect(() => {
    if (!listNow) return
    let current = true
    // Asked for once the view has painted: listing the sources counts the workspace's own
    // annotations in main (tens of milliseconds over 200,000), and the view's own first request
    // (Compare's first page of rows) must not wait behind it, nor share two cores with it while
    // it is painted. Until then the remembered choice holds.
    const cancel = afterNextPaint(() =>
      call('sources.list', {}).then(
        (list) => current && setListed({ workspaceDir, sources: list }),
        () => undefined,
      ),
    )
    return () => {
      current = false
      cancel()
    }
  }, [workspaceDir, refreshKey, listNow])
  const sources = listed.workspaceDir === workspaceDir ? listed.sources : []
  const wanted = picked.key === key ? picked.source : remembered(workspaceDir, view)
  // A source deleted since: back to the workspace's own.
  const source = sources.length === 0 || sources.some((entry) => entry.id === wanted) ? wanted : WORKSPACE_SOURCE_ID
  const setSource = useCallback(
    (next: string) => {
      setPicked({ key, source: next })
      try {
        localStorage.setItem(storageKey(workspaceDir, view), next)
      } catch {
        // Storage may be unavailable; the choice then lasts as long as the view.
      }
    },
    [key, workspaceDir, view],
  )
  const chosen = sources.find((entry) => entry.id === source) ?? null
  return { source, setSource, sources, chosen, readOnlySource: source !== WORKSPACE_SOURCE_ID }
}

export function useSourceName(): (source: SourceSummary) => string {
  const { t } = useI18n()
  return (source) =>
    source.id === WORKSPACE_SOURCE_ID ? t('source.workspace') : source.id === CURATED_SOURCE_ID ? t('source.curated') : t('source.imported', { name: source.name })
}

export function SourcePicker({ choice }: { choice: SourceChoice }) {
  const { t } = useI18n()
  const nameOf = useSourceName()
  const { source, setSource, sources } = choice
  const listed = sources.length > 0 ? sources : [{ id: WORKSPACE_SOURCE_ID, name: '', kind: 'workspace' as const, fileName: '', format: '', importedAt: '', annotationCount: 0, documentIds: [] }]
  return (
    <label className="source-picker" title={t('source.hint')}>
      <span>{t('source.label')}</span>
      <select aria-label={t('source.label')} data-testid="source-picker" value={source} onChange={(event) => setSource(event.target.value)}>
        {listed.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {`${nameOf(entry)} (${entry.annotationCount})`}
          </option>
        ))}
      </select>
    </label>
  )
}

/**
 * The line under a toolbar that says which source the view shows and that it is read-only here,
 * with 采纳到工作区 (adopt it into the workspace's own annotations).
 */
export function SourceBanner({ choice, workspaceReadOnly }: { choice: SourceChoice; workspaceReadOnly: boolean }) {
  const { t } = useI18n()
  const nameOf = useSourceName()
  const [adopting, setAdopting] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const cancel = useCallback(() => setAdopting(false), [])
  const failed = useCallback((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)), [])
  if (!choice.readOnlySource || !choice.chosen) return null
  const name = nameOf(choice.chosen)
  return (
    <>
      <div className="source-banner" role="note" data-testid="source-banner">
        <span>{t('source.showing', { name })}</span>
        <button type="button" data-testid="adopt-open" disabled={workspaceReadOnly} title={workspaceReadOnly ? t('adopt.readOnly') : undefined} onClick={() => { setDone(null); setError(null); setAdopting(true) }}>
          {t('adopt.open')}
        </button>
        {done && <span role="status" data-testid="adopt-done">{done}</span>}
        {error && <span className="error-text">{error}</span>}
      </div>
      {adopting && (
        <AdoptDialog
          source={choice.source}
          sourceName={name}
          workspaceReadOnly={workspaceReadOnly}
          onCancel={cancel}
          onError={failed}
          onDone={(summary) => {
            setAdopting(false)
            setDone(t('adopt.done', { ...summary }))
          }}
        />
      )}
    </>
  )
}
