import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react'
import { MAX_DROPPED_BASE64, type ApiError, type DocumentSummary, type ImportFileResult, type ImportPreviewBatch, type WorkspaceInfo, type WorkspaceSearchHit } from '../../shared/api'
import { FORCEABLE_LOCK_ERRORS, formatError, formatNotice } from '../../shared/messages'
import type { Locale } from '../../shared/model'
import { WorkbenchError, call } from './bridge'
import { AnnotationTable } from './features/annotations/AnnotationTable'
import { CompareView } from './features/compare/CompareView'
import { CompareTabCount } from './features/compare/CompareTabCount'
import { AboutDialog, HelpMenu, ShortcutOverview } from './features/help/HelpDialogs'
import { useHelpKeys } from './features/help/use-help-keys'
import { DeleteDocumentDialog } from './features/reader/DocumentPanel'
import { acceptedCount } from './state/live-counts'
import type { DocumentRecord } from '../../shared/model'
import { ImportDialog } from './features/import/ImportDialog'
import { LibraryView } from './features/library/LibraryView'
import { ReaderView } from './features/reader/ReaderView'
import type { Span } from './features/reader/find'
import { SearchView, type SearchState } from './features/search/SearchView'
import { SettingsView } from './features/settings/SettingsView'
import { ReviewView } from './features/review/ReviewView'
import { I18nProvider, useI18n } from './i18n/i18n'
import { annotationStore, useSaveState } from './state/annotation-store'
import { ExchangePrompts } from './features/exchange/ExchangePrompts'
import { settleDuplicates } from './features/exchange/prompts'
import { SyncIndicator } from './features/sync/SyncIndicator'

type View = 'library' | 'reader' | 'search' | 'annotations' | 'compare' | 'review' | 'settings'

/** The largest file a drop sends (what fits in the contract's base64 limit). */
const MAX_DROPPED_BYTES = Math.floor(((MAX_DROPPED_BASE64 - 4) * 3) / 4)

/** A file's bytes as base64, read by the browser itself (no large string building in JS). */
function base64Of(file: File): Promise<string> {
  return new Promise((done, fail) => {
    const reader = new FileReader()
    reader.onload = () => done(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => fail(reader.error)
    reader.readAsDataURL(file)
  })
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null
  return !!element && (element.tagName === 'INPUT' || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT')
}

export function App() {
  const [locale, setLocale] = useState<Locale>('zh-CN')
  return (
    <I18nProvider locale={locale}>
      <Workbench onLocale={setLocale} />
    </I18nProvider>
  )
}

/** Subscribes on its own, so a save does not re-render the whole workbench. */
function SaveIndicator() {
  const { t } = useI18n()
  const saveState = useSaveState()
  return (
    <span className="save-state muted" data-testid="save-state" aria-live="polite">
      {saveState.pending > 0 ? t('annotate.saving') : t('annotate.saved')}
    </span>
  )
}

function Workbench({ onLocale }: { onLocale: (locale: Locale) => void }) {
  const { t, locale } = useI18n()
  const [info, setInfo] = useState<WorkspaceInfo | null>(null)
  const [noWorkspace, setNoWorkspace] = useState<ApiError | null>(null)
  const [documents, setDocuments] = useState<DocumentSummary[]>([])
  const [view, setView] = useState<View>('library')
  const [openId, setOpenId] = useState<string | null>(null)
  const [focusAnnotationId, setFocusAnnotationId] = useState<string | null>(null)
  /** The side panel's field to focus with the annotation (from the unplaced list); a new object each time. */
  const [focusField, setFocusField] = useState<{ field: string } | null>(null)
  const [focusSpan, setFocusSpan] = useState<Span | null>(null)
  const [search, setSearch] = useState<SearchState | null>(null)
  const [searchFocus, setSearchFocus] = useState(0)
  const [error, setError] = useState<ApiError | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [help, setHelp] = useState<'shortcuts' | 'about' | null>(null)
  const [deleting, setDeleting] = useState<{ document: DocumentRecord; annotationCount: number } | null>(null)
  const openShortcuts = useCallback(() => setHelp('shortcuts'), [])
  useHelpKeys(openShortcuts)

  const showError = useCallback((caught: unknown) => {
    if (caught instanceof WorkbenchError) setError(caught.detail)
    else throw caught
  }, [])

  const openDir = useRef<string | null>(null)
  const load = useCallback(async () => {
    try {
      const next = await call('workspace.info', {})
      // A ref, not `info`: this callback outlives many renders, and a stale `info` made every
      // reload (a new indicator, a document edit) forget the annotations on screen.
      if (next.dir !== openDir.current) {
        openDir.current = next.dir
        annotationStore.reset()
        setSearch(null)
      }
      annotationStore.author = next.settings.annotator
      setInfo(next)
      setNoWorkspace(null)
      onLocale(next.settings.locale)
      // The list comes at once; annotation counts follow when every file has been read.
      setDocuments(await call('documents.list', {}))
      setDocuments(await call('annotations.countAll', {}))
    } catch (caught) {
      if (!(caught instanceof WorkbenchError)) throw caught
      setInfo(null)
      setDocuments([])
      setNoWorkspace(caught.detail)
    }
  }, [onLocale])

  useEffect(() => {
    // load() sets state only after awaiting the bridge, never synchronously.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load()
  }, [load])

  // A lock from another computer or an unverifiable process: the user decides, with whose lock it is in front of them.
  const takeOverLock = useCallback(
    async (refusal: ApiError) => {
      if (!window.confirm(`${refusal.message}\n\n${t('workspace.takeOverQuestion')}`)) return
      try {
        if (await call('workspace.open', { forceUnlock: true })) {
          setOpenId(null)
          setView('library')
          await load()
        }
      } catch (caught) {
        showError(caught)
      }
    },
    [t, load, showError],
  )

  const chooseWorkspace = useCallback(
    async (operation: 'workspace.create' | 'workspace.open', withSeeds = false) => {
      try {
        const opened =
          operation === 'workspace.create'
            ? await call('workspace.create', { withSeeds })
            : await call('workspace.open', {})
        if (opened) {
          setOpenId(null)
          setView('library')
          await load()
        }
      } catch (caught) {
        if (caught instanceof WorkbenchError && (FORCEABLE_LOCK_ERRORS as readonly string[]).includes(caught.detail.code)) await takeOverLock(caught.detail)
        else showError(caught)
      }
    },
    [load, showError, takeOverLock],
  )

  const [importBatch, setImportBatch] = useState<ImportPreviewBatch | null>(null)
  const [dragging, setDragging] = useState(false)

  const importDocuments = useCallback(async () => {
    try {
      const batch = await call('import.choose', {})
      if (batch.previews.length > 0 || batch.failures.length > 0) setImportBatch(batch)
    } catch (caught) {
      showError(caught)
    }
  }, [showError])

  // Annotation files (issue 6) from the menu: imported as review sources, then the review view.
  const [reviewVersion, setReviewVersion] = useState(0)
  const importAnnotations = useCallback(async () => {
    try {
      const imported = await settleDuplicates(await call('exchange.import', {}))
      for (const report of imported.reports) {
        setStatus(t('exchange.imported', { name: report.source.name, imported: report.imported, reanchored: report.reanchored, problems: report.problems.length }))
      }
      if (imported.failures[0]) setError(imported.failures[0].error)
      setReviewVersion((n) => n + 1)
      setView('review')
    } catch (caught) {
      showError(caught)
    }
  }, [showError, t])

  const importFinished = useCallback(
    async (results: ImportFileResult[]) => {
      setImportBatch(null)
      if (results.length === 0) return
      const count = (kind: string) => results.filter((result) => result.status === kind).length
      setStatus(t('documents.importDone', { imported: count('imported'), duplicate: count('duplicate'), failed: count('failed') }))
      const failure = results.find((result) => result.error)?.error
      if (failure) setError(failure)
      await load()
    },
    [load, t],
  )

  // Files dropped on the window reach main as their bytes; each is previewed like a chosen one.
  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault()
    setDragging(false)
    if (!info || info.readOnly) return
    const batch: ImportPreviewBatch = { previews: [], failures: [] }
    for (const file of Array.from(event.dataTransfer.files)) {
      if (file.size > MAX_DROPPED_BYTES) {
        const params = { path: file.name, size: (file.size / 1024 / 1024).toFixed(1), limit: MAX_DROPPED_BYTES / 1024 / 1024 }
        batch.failures.push({ fileName: file.name, error: { code: 'FILE_TOO_LARGE', message: formatError('FILE_TOO_LARGE', params, locale), params } })
        continue
      }
      // Annotation files (issue 6) become review sources instead of documents.
      if (/\.(pwb\.json|csv|qdpx)$/i.test(file.name)) {
        try {
          const imported = await settleDuplicates(await call('exchange.importBytes', { fileName: file.name, base64: await base64Of(file) }))
          const report = imported.reports[0]
          if (report) setStatus(t('exchange.imported', { name: report.source.name, imported: report.imported, reanchored: report.reanchored, problems: report.problems.length }))
          if (imported.failures[0]) setError(imported.failures[0].error)
          setReviewVersion((n) => n + 1)
          setView('review')
        } catch (caught) {
          showError(caught)
        }
        continue
      }
      try {
        const added = await call('import.addBytes', { fileName: file.name, base64: await base64Of(file) })
        batch.previews.push(...added.previews)
        batch.failures.push(...added.failures)
      } catch (caught) {
        showError(caught)
      }
    }
    if (batch.previews.length > 0 || batch.failures.length > 0) setImportBatch(batch)
  }

  useEffect(
    () =>
      window.workbenchEvents?.subscribe((event) => {
        if (event.type === 'workspace-changed') void load()
        else if (event.command === 'help.shortcuts') setHelp('shortcuts')
        else if (event.command === 'help.about') setHelp('about')
        else if (event.command === 'import.choose') void importDocuments()
        else if (event.command === 'exchange.import') void importAnnotations()
        else void chooseWorkspace(event.command, false)
      }),
    [load, chooseWorkspace, importDocuments, importAnnotations],
  )

  const switchLanguage = async () => {
    const next: Locale = locale === 'zh-CN' ? 'en' : 'zh-CN'
    onLocale(next)
    document.documentElement.lang = next
    try {
      await call('settings.update', { locale: next })
      if (info) setInfo(await call('workspace.info', {}))
    } catch (caught) {
      showError(caught)
    }
  }

  const dismissNotice = async (id: string) => {
    try {
      setInfo(await call('workspace.dismissNotice', { id }))
    } catch (caught) {
      showError(caught)
    }
  }

  const openDocument = useCallback((id: string) => {
    setOpenId(id)
    setFocusAnnotationId(null)
    setFocusSpan(null)
    setView('reader')
  }, [])
  const openAnnotation = useCallback((documentId: string, annotationId: string, field?: string) => {
    setOpenId(documentId)
    setFocusAnnotationId(annotationId)
    setFocusField(field ? { field } : null)
    setFocusSpan(null)
    setView('reader')
  }, [])
  // A span of an imported source or the curated set: not an annotation of the workspace, so it is selected as text.
  const openSpan = useCallback((documentId: string, start: number, end: number) => {
    setOpenId(documentId)
    setFocusAnnotationId(null)
    setFocusSpan({ start, end })
    setView('reader')
  }, [])
  const openHit = useCallback((hit: WorkspaceSearchHit) => {
    setOpenId(hit.documentId)
    setFocusAnnotationId(null)
    setFocusSpan({ start: hit.start, end: hit.end })
    setView('reader')
  }, [])

  // Ctrl+Shift+F: the workspace search from anywhere, text fields included.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!info || !(event.ctrlKey || event.metaKey) || !event.shiftKey || event.key.toLowerCase() !== 'f') return
      event.preventDefault()
      setView('search')
      setSearchFocus((n) => n + 1)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [info])
  const refreshInfo = useCallback(() => void load(), [load])

  // Undo and redo work everywhere but in a text field (which has its own), across documents.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isTyping(event.target)) return
      const key = event.key.toLowerCase()
      const redo = key === 'y' || (key === 'z' && event.shiftKey)
      if (key !== 'z' && key !== 'y') return
      event.preventDefault()
      const step = redo ? annotationStore.redo() : annotationStore.undo()
      step.then((touched) => {
        if (touched && touched.documentId !== openId) openAnnotation(touched.documentId, touched.id)
      }, showError)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [openId, openAnnotation, showError])
  const backToLibrary = useCallback(() => setView('library'), [])
  // What a sync pulled (a teammate's layer, the codebook) shows in the views that list it.
  const afterSync = useCallback((report?: { pulled: number } | null) => {
    refreshInfo()
    if (report && report.pulled > 0) setReviewVersion((n) => n + 1)
  }, [refreshInfo])

  /** Delete on a library row: the same confirmation, and the same undoable edit, as in the reader. */
  const askToDelete = async (id: string) => {
    try {
      const { document: record } = await call('documents.get', { id })
      const count = acceptedCount(id) ?? documents.find((doc) => doc.id === id)?.annotationCount ?? 0
      setDeleting({ document: record, annotationCount: count })
    } catch (caught) {
      showError(caught)
    }
  }

  // Document edits (metadata, delete, restore; their undo and redo) change the library's list.
  useEffect(
    () =>
      annotationStore.onDocumentChange((edit) => {
        void load()
        if (edit.kind === 'document-delete') {
          setStatus(t('docmeta.deleted', { title: edit.before.title }))
          if (edit.before.id === openId) {
            setOpenId(null)
            setView('library')
          }
        } else if (edit.kind === 'document-restore') setStatus(t('docmeta.restored', { title: edit.after.title }))
      }),
    [load, openId, t],
  )

  return (
    <div
      className="app"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false)
      }}
      onDrop={(event) => void onDrop(event)}
    >
      {dragging && <div className="drop-hint">{t('import.drop')}</div>}
      {importBatch && <ImportDialog batch={importBatch} onDone={(results) => void importFinished(results)} onError={showError} />}
      <header className="topbar">
        <span className="app-title">{t('appTitle')}</span>
        {info && (
          <span className="workspace-name" title={info.dir}>
            {info.name}
            {info.readOnly && <span className="tag tag-warning">{t('workspace.readOnly')}</span>}
          </span>
        )}
        <nav className="tabs" aria-label="views">
          <button type="button" aria-pressed={view === 'library'} onClick={() => setView('library')}>
            {t('nav.library')}
          </button>
          <button type="button" aria-pressed={view === 'reader'} disabled={!openId} onClick={() => setView('reader')}>
            {t('nav.reader')}
          </button>
          <button
            type="button"
            aria-pressed={view === 'search'}
            disabled={!info}
            title="Ctrl+Shift+F"
            onClick={() => {
              setView('search')
              setSearchFocus(0)
            }}
          >
            {t('nav.search')}
          </button>
          <button type="button" aria-pressed={view === 'annotations'} disabled={!info} onClick={() => setView('annotations')}>
            {t('nav.annotations')}
          </button>
          <button type="button" aria-pressed={view === 'compare'} disabled={!info} onClick={() => setView('compare')}>
            {t('nav.compare')}
            <CompareTabCount refresh={info} />
          </button>
          <button type="button" aria-pressed={view === 'review'} disabled={!info} onClick={() => setView('review')}>
            {t('nav.review')}
          </button>
          <button type="button" aria-pressed={view === 'settings'} disabled={!info} onClick={() => setView('settings')}>
            {t('settings.title')}
          </button>
        </nav>
        <span className="spacer" />
        <SaveIndicator />
        {info && <SyncIndicator workspaceDir={info.dir} onSynced={afterSync} onError={showError} />}
        {info && !info.readOnly && (
          <button type="button" onClick={() => void importDocuments()}>
            {t('documents.import')}
          </button>
        )}
        <button type="button" onClick={() => void chooseWorkspace('workspace.create', false)}>
          {t('workspace.new')}
        </button>
        <button type="button" onClick={() => void chooseWorkspace('workspace.open')}>
          {t('workspace.open')}
        </button>
        <button type="button" className="language" aria-label={t('language.label')} onClick={() => void switchLanguage()}>
          {t('language.switch')}
        </button>
        <HelpMenu onShortcuts={openShortcuts} onAbout={() => setHelp('about')} />
      </header>
      {help === 'shortcuts' && <ShortcutOverview view={view} onClose={() => setHelp(null)} />}
      {help === 'about' && <AboutDialog onClose={() => setHelp(null)} onError={showError} />}
      {deleting && <DeleteDocumentDialog document={deleting.document} annotationCount={deleting.annotationCount} onClose={() => setDeleting(null)} onError={showError} />}

      {(info?.notices ?? []).map((notice) => (
        <div key={notice.id} className="banner banner-notice" role="status">
          <span>{formatNotice(notice.code, notice.params, locale)}</span>
          <button type="button" onClick={() => void dismissNotice(notice.id)}>
            {t('notice.dismiss')}
          </button>
        </div>
      ))}
      {error && (
        <div className="banner banner-error" role="alert">
          <span>{error.message}</span>
          <button type="button" onClick={() => setError(null)}>
            {t('notice.dismiss')}
          </button>
        </div>
      )}
      {status && (
        <div className="banner banner-status" role="status">
          <span>{status}</span>
          <button type="button" onClick={() => setStatus(null)}>
            {t('notice.dismiss')}
          </button>
        </div>
      )}

      <main className="content">
        {noWorkspace ? (
          <section className="empty-state" data-testid="no-workspace">
            <h2>{t('workspace.none')}</h2>
            <p className="error-text">{noWorkspace.message}</p>
            <p>{t('workspace.noneHint')}</p>
            <div className="actions">
              <button type="button" onClick={() => void chooseWorkspace('workspace.create', true)}>
                {t('workspace.newWithSeeds')}
              </button>
              <button type="button" onClick={() => void chooseWorkspace('workspace.open')}>
                {t('workspace.open')}
              </button>
              {(FORCEABLE_LOCK_ERRORS as readonly string[]).includes(noWorkspace.code) && (
                <button type="button" onClick={() => void takeOverLock(noWorkspace)}>
                  {t('workspace.takeOver')}
                </button>
              )}
            </div>
          </section>
        ) : view === 'library' || !info ? (
          <LibraryView
            documents={documents}
            activeId={openId}
            onOpen={openDocument}
            onDelete={info?.readOnly ? undefined : (id) => void askToDelete(id)}
          />
        ) : view === 'annotations' ? (
          <AnnotationTable
            labels={info.labels}
            indicators={info.indicators}
            documents={documents}
            currentDocumentId={openId}
            readOnly={info.readOnly}
            workspaceDir={info.dir}
            onOpen={openAnnotation}
            onOpenSpan={openSpan}
            onError={showError}
          />
        ) : view === 'search' ? (
          <SearchView
            state={search}
            onState={setSearch}
            focusRequest={searchFocus}
            labels={info.labels}
            indicators={info.indicators}
            readOnly={info.readOnly}
            onOpenHit={openHit}
            onError={showError}
          />
        ) : view === 'compare' ? (
          <CompareView
            indicators={info.indicators}
            settings={info.settings}
            readOnly={info.readOnly}
            workspaceDir={info.dir}
            onOpen={openAnnotation}
            onOpenSpan={openSpan}
            onChanged={refreshInfo}
            onError={showError}
          />
        ) : view === 'review' ? (
          <ReviewView key={reviewVersion} documents={documents} labels={info.labels} readOnly={info.readOnly} onError={showError} onWorkspaceChanged={refreshInfo} />
        ) : view === 'settings' ? (
          <SettingsView settings={info.settings} labels={info.labels} readOnly={info.readOnly} onChanged={refreshInfo} onError={showError} />
        ) : (
          <ReaderView
            documentId={openId}
            focusAnnotationId={focusAnnotationId}
            focusField={focusField}
            focusSpan={focusSpan}
            labels={info.labels}
            indicators={info.indicators}
            documents={documents}
            readOnly={info.readOnly}
            onBack={backToLibrary}
            onError={showError}
            onOpenAnnotation={openAnnotation}
            onIndicatorsChanged={refreshInfo}
          />
        )}
      </main>
      <ExchangePrompts onChanged={refreshInfo} />
    </div>
  )
}
