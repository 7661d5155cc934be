import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { WorkspaceSearchHit } from '../../../../shared/api'
import type { Indicator, Label } from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { annotationStore, useAnnotationVersion } from '../../state/annotation-store'
import { HitTagger } from './tag-hit'

const PAGE = 50

/** What the view shows; kept by the app, so going to the reader and back keeps the results. */
export interface SearchState {
  query: string
  total: number
  hits: WorkspaceSearchHit[]
  /** The row last opened or focused. */
  cursor: number
}

interface SearchViewProps {
  state: SearchState | null
  onState: (state: SearchState | null) => void
  /** 0 when the view was opened from the nav bar; counts Ctrl+Shift+F presses, which focus the query box. */
  focusRequest: number
  labels: Label[]
  indicators: Indicator[]
  readOnly: boolean
  onOpenHit: (hit: WorkspaceSearchHit) => void
  onError: (error: unknown) => void
}

/** The hit's own line: context from neighbouring paragraphs only confuses. */
function HitContext({ hit }: { hit: WorkspaceSearchHit }) {
  const before = hit.before.slice(hit.before.lastIndexOf('\n') + 1)
  const lineEnd = hit.after.indexOf('\n')
  const after = lineEnd === -1 ? hit.after : hit.after.slice(0, lineEnd)
  return (
    <>
      {before}
      <mark>{hit.match}</mark>
      {after}
    </>
  )
}

export function SearchView(props: SearchViewProps) {
  const { state, onState, focusRequest, labels, readOnly, onOpenHit, onError } = props
  const { t, docType, number, locale } = useI18n()
  const [draft, setDraft] = useState(state?.query ?? '')
  const [busy, setBusy] = useState(false)
  const [cursorState, setCursor] = useState(state?.cursor ?? 0)
  const inputRef = useRef<HTMLInputElement>(null)
  const bodyRef = useRef<HTMLTableSectionElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  const tagger = useRef<HitTagger | null>(null)
  useAnnotationVersion()
  const hits = state?.hits ?? []
  const cursor = Math.min(cursorState, Math.max(0, hits.length - 1))

  // Back from the reader, the row that was opened has the focus; otherwise (and on Ctrl+Shift+F) the query box.
  useEffect(() => {
    const row = bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr')[cursor]
    if (row && focusRequest === 0) row.focus()
    else {
      inputRef.current?.focus()
      inputRef.current?.select()
    }
    // Only on arrival and on Ctrl+Shift+F, not on every cursor move.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest])

  const run = async (query: string, offset: number) => {
    const wanted = query.trim()
    if (wanted === '') {
      onState(null)
      return
    }
    setBusy(true)
    try {
      const page = await call('search.workspace', { query: wanted, offset, limit: PAGE })
      if (offset === 0 || !state) {
        setCursor(0)
        onState({ query: wanted, total: page.total, hits: page.hits, cursor: 0 })
        // New results start at their top, wherever the last ones were scrolled to.
        sectionRef.current?.scrollIntoView({ block: 'start' })
      } else {
        onState({ ...state, total: page.total, hits: [...state.hits, ...page.hits] })
      }
    } catch (caught) {
      onError(caught)
    } finally {
      setBusy(false)
    }
  }

  const open = (index: number) => {
    if (state) onState({ ...state, cursor: index })
    onOpenHit(hits[index])
  }

  const tag = (hit: WorkspaceSearchHit, label: Label) => {
    if (readOnly) return
    tagger.current ??= new HitTagger()
    tagger.current.tag(hit, label, props.indicators).catch(onError)
  }

  const moveCursor = (next: number) => {
    if (next < 0) {
      inputRef.current?.focus()
      return
    }
    const bounded = Math.min(hits.length - 1, next)
    setCursor(bounded)
    bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr')[bounded]?.focus()
  }

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const label = event.ctrlKey || event.metaKey || event.altKey ? undefined : labels.find((l) => l.shortcut === event.key)
    if (event.key === 'ArrowDown') moveCursor(index + 1)
    else if (event.key === 'ArrowUp') moveCursor(index - 1)
    else if (event.key === 'Home') moveCursor(0)
    else if (event.key === 'End') moveCursor(hits.length - 1)
    else if (event.key === 'Enter') open(index)
    else if (label) tag(hits[index], label)
    else return
    event.preventDefault()
  }

  const onQueryKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault()
      moveCursor(0)
    }
  }

  const taggedAs = (hit: WorkspaceSearchHit): Label | undefined => {
    const found = annotationStore.annotationsOf(hit.documentId).find((a) => a.start === hit.start && a.end === hit.end)
    return found && labels.find((label) => label.key === found.label)
  }

  return (
    <section className="search-view" aria-label={t('nav.search')} ref={sectionRef}>
      <form
        className="library-toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault()
          void run(draft, 0)
        }}
      >
        <input
          ref={inputRef}
          className="filter search-input"
          type="search"
          maxLength={100}
          value={draft}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onQueryKey}
        />
        <button type="submit" disabled={busy}>
          {t('search.submit')}
        </button>
        {busy ? (
          <span className="muted">{t('search.searching')}</span>
        ) : state && state.total > 0 && (
          <span className="muted" data-testid="search-count">
            {t('search.count', { total: number(state.total), shown: number(hits.length) })}
          </span>
        )}
        <span className="muted keyboard-hint">{t('search.keys')}</span>
      </form>
      {!state ? (
        <div className="empty-state" data-testid="search-empty">
          <h2>{t('search.empty')}</h2>
          <p>{t('search.emptyHint')}</p>
        </div>
      ) : state.total === 0 ? (
        <p className="empty-state" data-testid="search-none">
          {t('search.none', { query: state.query })}
        </p>
      ) : (
        <table className="data-table search-results" lang={locale}>
          <thead>
            <tr>
              <th>{t('search.col.document')}</th>
              <th className="col-year">{t('library.column.year')}</th>
              <th className="col-typeName">{t('library.column.type')}</th>
              <th>{t('search.col.context')}</th>
              {!readOnly && <th className="col-tag">{t('search.col.tag')}</th>}
            </tr>
          </thead>
          <tbody ref={bodyRef}>
            {hits.map((hit, index) => {
              const lang = hit.script === 'zh-Hant' ? 'zh-Hant' : 'zh-CN'
              const tagged = taggedAs(hit)
              return (
                <tr
                  key={`${hit.documentId}:${hit.start}`}
                  tabIndex={index === cursor ? 0 : -1}
                  aria-selected={index === cursor}
                  data-document-id={hit.documentId}
                  onClick={() => open(index)}
                  onFocus={() => setCursor(index)}
                  onKeyDown={(event) => onRowKey(event, index)}
                >
                  <td className="search-title" lang={lang}>
                    {hit.title}
                    {hit.script === 'zh-Hant' && <span className="tag">{t('library.traditional')}</span>}
                  </td>
                  <td className="col-year">{hit.year ?? t('unknown')}</td>
                  <td className="col-typeName">{docType(hit.docType)}</td>
                  <td className="search-context" lang={lang}>
                    <HitContext hit={hit} />
                  </td>
                  {!readOnly && (
                    <td className="col-tag">
                      {tagged ? (
                        <span className="tag" style={{ color: tagged.color }}>
                          {t('search.tagged', { label: tagged.name[locale] })}
                        </span>
                      ) : (
                        labels.map((label) => (
                          <button
                            key={label.key}
                            type="button"
                            className="tag-button"
                            tabIndex={-1}
                            style={{ color: label.color, borderColor: label.color }}
                            aria-label={t('search.tagAs', { label: label.name[locale] })}
                            title={t('search.tagAs', { label: label.name[locale] })}
                            onClick={(event) => {
                              event.stopPropagation()
                              tag(hit, label)
                            }}
                          >
                            {label.name[locale]}
                          </button>
                        ))
                      )}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {state && hits.length < state.total && (
        <button type="button" className="search-more" disabled={busy} onClick={() => void run(state.query, hits.length)}>
          {t('search.more', { count: number(Math.min(PAGE, state.total - hits.length)) })}
        </button>
      )}
    </section>
  )
}
