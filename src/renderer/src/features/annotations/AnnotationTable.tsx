// The workspace-wide Annotations table (issue 13): main filters, sorts and pages the rows (a
// workspace may hold two million); this view asks for the pages it scrolls to and renders only
// the rows in view. Edits the renderer holds (documents the reader loaded) show before their save
// lands; the pages are asked for again once it has.
import { createColumnHelper, tableFeatures, useTable, type SortingState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { AnnotationTableColumn, AnnotationTableRow, ApiInput, DocumentSummary } from '../../../../shared/api'
import type { Annotation, DocumentType, Indicator, Label } from '../../../../shared/model'
import { DocTypeSelect } from '../../components/DocTypeSelect'
import { call } from '../../bridge'
import { SortableHead } from '../../components/SortableHead'
import { sortAndFilterFeatures } from '../../components/table-features'
import { useI18n } from '../../i18n/i18n'
import { annotationStore, useAnnotationVersion, useSaveState } from '../../state/annotation-store'
import { LabelSelect } from '../../components/LabelSelect'
import { SourceBanner, SourcePicker, useSourceChoice } from '../../components/SourcePicker'

const PAGE_SIZE = 200
/** Until a row is measured: rows are one line high (long quotes end in …). */
const ROW_ESTIMATE = 31
const NO_ROWS: AnnotationTableRow[] = []

const features = tableFeatures({ ...sortAndFilterFeatures })
const helper = createColumnHelper<typeof features, AnnotationTableRow>()

type PageQuery = Omit<ApiInput<'annotations.page'>, 'offset' | 'limit'>

interface Loaded {
  key: string
  stamp: number
  total: number
  unfiltered: number
  pages: Map<number, AnnotationTableRow[]>
  groupSizes: Record<string, number>
}

interface AnnotationTableProps {
  labels: Label[]
  indicators: Indicator[]
  documents: DocumentSummary[]
  currentDocumentId: string | null
  readOnly: boolean
  /** The workspace folder: the table remembers its source per workspace. */
  workspaceDir: string
  onOpen: (documentId: string, annotationId: string) => void
  /** Opens the reader with a span selected: an annotation of a source is not one of the workspace's. */
  onOpenSpan: (documentId: string, start: number, end: number) => void
  onError: (error: unknown) => void
}

/** An annotation the renderer holds, as the table shows it. */
function rowOf(annotation: Annotation, indicatorNames: ReadonlyMap<string, string>): AnnotationTableRow {
  const indicator = annotation.attributes.indicator ?? null
  return {
    id: annotation.id,
    documentId: annotation.documentId,
    start: annotation.start,
    end: annotation.end,
    label: annotation.label,
    quote: annotation.quote,
    indicator,
    indicatorName: indicator === null ? '' : (indicatorNames.get(indicator) ?? indicator),
    value: annotation.attributes.value ?? null,
    unit: annotation.attributes.unit ?? '',
    comparator: annotation.attributes.comparator ?? '',
    periodYear: annotation.attributes.periodYear ?? null,
    author: annotation.author,
    updated: annotation.updatedAt.slice(0, 16).replace('T', ' '),
  }
}

export function AnnotationTable(props: AnnotationTableProps) {
  const { labels, indicators, documents, currentDocumentId, onError } = props
  const sourceChoice = useSourceChoice('annotations', props.workspaceDir)
  const { source } = sourceChoice
  // Only the workspace's own annotations are edited here; a source is read-only (adopt it to edit).
  const readOnly = props.readOnly || sourceChoice.readOnlySource
  const { t, locale, docType: docTypeName } = useI18n()
  const version = useAnnotationVersion()
  const saving = useSaveState().pending > 0
  const [scope, setScope] = useState<'all' | 'document'>('all')
  const [sorting, setSorting] = useState<SortingState>([{ id: 'documentYear', desc: false }])
  const [textInput, setTextInput] = useState('')
  const [text, setText] = useState('')
  const [label, setLabel] = useState('')
  const [docType, setDocType] = useState<DocumentType | ''>('')
  const [yearInput, setYearInput] = useState('')
  const [grouped, setGrouped] = useState(false)
  const [cursor, setCursor] = useState(0)
  const [building, setBuilding] = useState<{ done: number; total: number } | null>(null)
  const [, setTick] = useState(0)
  const loaded = useRef<Loaded | null>(null)
  const inFlight = useRef(new Set<string>())
  const latest = useRef({ key: '', stamp: 0 })
  const scrollRef = useRef<HTMLDivElement>(null)
  const bodyRef = useRef<HTMLTableSectionElement>(null)
  const focusPending = useRef(false)
  const [rowHeight, setRowHeight] = useState(ROW_ESTIMATE)

  // Typing is not a query per keystroke over two million rows.
  useEffect(() => {
    const timer = setTimeout(() => setText(textInput), 200)
    return () => clearTimeout(timer)
  }, [textInput])

  // A year being typed filters nothing until it has four digits.
  const year = /^\d{4}$/.test(yearInput) ? Number(yearInput) : null
  const query = useMemo<PageQuery>(
    () => ({
      source,
      documentId: scope === 'document' && currentDocumentId ? currentDocumentId : undefined,
      filters: {
        ...(text.trim() ? { text: text.trim() } : {}),
        ...(label ? { label } : {}),
        ...(docType ? { docType } : {}),
        ...(year !== null ? { documentYear: year } : {}),
      },
      sort: sorting[0] ? { column: sorting[0].id as AnnotationTableColumn, desc: sorting[0].desc } : undefined,
      groupByIndicator: grouped,
    }),
    [source, scope, currentDocumentId, text, label, docType, year, sorting, grouped],
  )
  const key = JSON.stringify(query)

  // Asked for again once saves have landed, and when what main shows changes (titles, codebook, labels).
  const [stamp, setStamp] = useState(0)
  useEffect(() => {
    if (!saving) setStamp((n) => n + 1)
  }, [version, saving, documents, indicators, labels, locale])

  const load = useCallback(
    (page: number, forKey: string, forQuery: PageQuery, forStamp: number) => {
      const flight = `${forStamp}#${page}#${forKey}`
      if (inFlight.current.has(flight)) return
      inFlight.current.add(flight)
      call('annotations.page', { ...forQuery, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (result) => {
          inFlight.current.delete(flight)
          if (latest.current.key !== forKey || latest.current.stamp !== forStamp) return
          if (result.building) {
            // The index is being read for the first time: show how far, ask again shortly. The
            // default order comes with the rows of the documents read so far.
            setBuilding(result.building)
            setTimeout(() => load(page, forKey, forQuery, forStamp), 300)
            if (result.rows.length === 0) return
          } else setBuilding(null)
          let current = loaded.current
          // The rows shown stay until the first page of a new query or a refresh replaces them.
          if (!current || current.key !== forKey || current.stamp !== forStamp) {
            current = { key: forKey, stamp: forStamp, total: 0, unfiltered: 0, pages: new Map(), groupSizes: {} }
            loaded.current = current
          }
          current.total = result.total
          current.unfiltered = result.unfiltered
          current.pages.set(page, result.rows)
          Object.assign(current.groupSizes, result.groupSizes ?? {})
          setTick((n) => n + 1)
        },
        (error: unknown) => {
          inFlight.current.delete(flight)
          onError(error)
        },
      )
    },
    [onError],
  )

  const current = loaded.current
  const total = current?.total ?? 0
  const rowAt = (index: number): AnnotationTableRow | undefined => current?.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]

  const indicatorNames = useMemo(() => new Map(indicators.map((indicator) => [indicator.key, indicator.name])), [indicators])
  const documentById = useMemo(() => new Map(documents.map((doc) => [doc.id, doc])), [documents])
  const labelByKey = useMemo(() => new Map(labels.map((known) => [known.key, known])), [labels])
  // The annotations the renderer holds (documents the reader opened) are newer than main's pages until saved.
  const live = useMemo(() => {
    void version
    const byId = new Map<string, Annotation>()
    for (const documentId of annotationStore.loadedDocumentIds()) for (const annotation of annotationStore.annotationsOf(documentId)) byId.set(annotation.id, annotation)
    return byId
  }, [version])
  const shown = (row: AnnotationTableRow): AnnotationTableRow | null => {
    if (sourceChoice.readOnlySource || !annotationStore.isLoaded(row.documentId)) return row
    const annotation = live.get(row.id)
    return annotation && annotation.status === 'accepted' ? rowOf(annotation, indicatorNames) : null
  }
  let hidden = 0
  if (current && !sourceChoice.readOnlySource) for (const rows of current.pages.values()) for (const row of rows) if (shown(row) === null) hidden++

  const groupStarts = (index: number): boolean => {
    if (!grouped) return false
    const row = rowAt(index)
    const before = index > 0 ? rowAt(index - 1) : undefined
    return row !== undefined && (index === 0 || (before !== undefined && (before.indicator ?? '') !== (row.indicator ?? '')))
  }

  // The virtualizer is read in this render only; nothing memoised holds on to its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (groupStarts(index) ? 2 : 1) * rowHeight,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? -1

  useEffect(() => {
    latest.current = { key, stamp }
    load(0, key, query, stamp)
  }, [key, stamp, query, load])

  // Another sort, filter or source starts at the top; a refresh after an edit stays where it is.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0
    setCursor(0)
  }, [key])

  useEffect(() => {
    if (loaded.current?.key !== key || loaded.current.stamp !== stamp) return
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(Math.max(first, last) / PAGE_SIZE); page++) {
      if (!loaded.current.pages.has(page)) load(page, key, query, stamp)
    }
  })

  // Group headings change rows' heights once the rows around them arrive.
  const pagesLoaded = current?.pages.size ?? 0
  useLayoutEffect(() => {
    if (grouped) virtualizer.measure()
  }, [grouped, pagesLoaded, current, virtualizer])

  // Rows are one line each: the height of one, measured, is every row's.
  useLayoutEffect(() => {
    const row = bodyRef.current?.querySelector<HTMLTableRowElement>('tr[data-row-index]')
    const height = row?.getBoundingClientRect().height
    if (height && Math.abs(height - rowHeight) > 0.5) setRowHeight(height)
  }, [rowHeight, pagesLoaded, first])

  const active = Math.min(cursor, Math.max(0, total - 1))
  useEffect(() => {
    if (!focusPending.current) return
    const row = bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-row-index="${active}"]`)
    if (row) {
      focusPending.current = false
      row.focus()
    } else {
      // Not rendered: the virtualizer's range has not reached it (seen on a loaded machine, a key
      // pressed while the range still followed the last scroll). Bring it into range: the render
      // that follows focuses it, where waiting for a render nothing else causes lost the key.
      virtualizer.scrollToIndex(active)
    }
  })

  const focusRow = (index: number) => {
    const bounded = Math.max(0, Math.min(total - 1, index))
    setCursor(bounded)
    focusPending.current = true
    // Scrolled here rather than with the virtualizer's scrollToIndex, which keeps steering towards
    // its last target for a while and would take back a scroll the user makes right after.
    const box = scrollRef.current
    const item = virtualizer.measurementsCache[bounded]
    if (!box || !item) return
    const header = box.querySelector('thead')?.getBoundingClientRect().height ?? 0
    if (item.start < box.scrollTop) box.scrollTop = item.start
    else if (header + item.end > box.scrollTop + box.clientHeight) box.scrollTop = header + item.end - box.clientHeight
  }

  const onOpen = (row: AnnotationTableRow) => {
    if (sourceChoice.readOnlySource) props.onOpenSpan(row.documentId, row.start, row.end)
    else props.onOpen(row.documentId, row.id)
  }

  /** The whole annotation (undo puts it back as it was): the table's row holds only what it shows. */
  const remove = async (row: AnnotationTableRow) => {
    if (!annotationStore.isLoaded(row.documentId)) await annotationStore.load(row.documentId)
    const annotation = annotationStore.annotationsOf(row.documentId).find((candidate) => candidate.id === row.id)
    if (annotation) await annotationStore.delete(annotation)
  }

  const visibleRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight) - 1)
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: AnnotationTableRow | null) => {
    if (event.key === 'ArrowDown') focusRow(index + 1)
    else if (event.key === 'ArrowUp') focusRow(index - 1)
    else if (event.key === 'PageDown') focusRow(index + visibleRows)
    else if (event.key === 'PageUp') focusRow(index - visibleRows)
    else if (event.key === 'Home') focusRow(0)
    else if (event.key === 'End') focusRow(total - 1)
    else if (event.key === 'Enter' && row) onOpen(row)
    else if ((event.key === 'Delete' || event.key === 'Backspace') && row && !readOnly) remove(row).catch(onError)
    else return
    event.preventDefault()
  }

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('label', { header: () => t('table.col.label') }),
        helper.accessor('quote', { header: () => t('table.col.quote') }),
        helper.accessor('indicatorName', { id: 'indicator', header: () => t('table.col.indicator') }),
        helper.accessor('value', { header: () => t('table.col.value'), sortDescFirst: false }),
        helper.accessor('unit', { header: () => t('table.col.unit'), enableSorting: false }),
        helper.accessor('comparator', { header: () => t('table.col.comparator'), enableSorting: false }),
        helper.accessor('periodYear', { header: () => t('table.col.periodYear'), sortDescFirst: false }),
        // Main knows the documents: these columns only name what it sorts by.
        helper.accessor((row) => row.documentId, { id: 'documentTitle', header: () => t('table.col.document') }),
        helper.accessor((row) => row.documentId, { id: 'documentYear', header: () => t('table.col.documentYear'), sortDescFirst: false }),
        helper.accessor((row) => row.documentId, { id: 'docType', header: () => t('library.column.type') }),
        helper.accessor('author', { header: () => t('table.col.author') }),
        helper.accessor('updated', { header: () => t('table.col.updated') }),
      ]),
    [t],
  )
  // Main sorts and filters; the table keeps the header's sorting state and its arrows.
  const table = useTable({
    features,
    columns,
    data: NO_ROWS,
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    manualFiltering: true,
  })

  const cell = (columnId: string, row: AnnotationTableRow) => {
    const doc = documentById.get(row.documentId)
    switch (columnId) {
      case 'label': {
        const known = labelByKey.get(row.label)
        return <span style={{ color: known?.color, fontWeight: 600 }}>{known?.name[locale] ?? row.label}</span>
      }
      case 'quote':
        return <span className="quote-cell" title={row.quote}>{row.quote}</span>
      case 'indicator':
        return row.indicatorName
      case 'value':
        return row.value ?? ''
      case 'unit':
        return row.unit
      case 'comparator':
        return row.comparator
      case 'periodYear':
        return row.periodYear ?? ''
      case 'documentTitle':
        return <span className="doc-cell">{doc?.title ?? row.documentId}</span>
      case 'documentYear':
        return doc?.year ?? ''
      case 'docType':
        return docTypeName(doc?.docType ?? 'other')
      case 'author':
        return row.author
      case 'updated':
        return row.updated
      default:
        return null
    }
  }

  const toolbar = (
    <div className="library-toolbar wrap">
      <SourcePicker choice={sourceChoice} />
      <div className="segmented" role="group">
        <button type="button" aria-pressed={scope === 'all'} onClick={() => setScope('all')}>
          {t('table.scope.all')}
        </button>
        <button type="button" aria-pressed={scope === 'document'} disabled={!currentDocumentId} onClick={() => setScope('document')}>
          {t('table.scope.document')}
        </button>
      </div>
      <input className="filter" type="search" placeholder={t('table.filter')} aria-label={t('table.filter')} value={textInput} onChange={(event) => setTextInput(event.target.value)} />
      <LabelSelect labels={labels} value={label} onChange={setLabel} name={t('table.col.label')} allText={t('table.allLabels')} />
      <DocTypeSelect value={docType} onChange={setDocType} />
      <input
        className="year-filter"
        inputMode="numeric"
        placeholder={t('table.col.documentYear')}
        aria-label={t('table.col.documentYear')}
        value={yearInput}
        onChange={(event) => setYearInput(event.target.value)}
      />
      <label className="checkbox">
        <input type="checkbox" checked={grouped} onChange={(event) => setGrouped(event.target.checked)} />
        {t('table.group')}
      </label>
      {/* While the index is first read the rows so far are no count: the progress says how far it is. */}
      {current && !building && (
        <span className="muted" data-testid="annotation-count">
          {t('table.count', { shown: total - hidden, total: current.unfiltered - hidden })}
        </span>
      )}
      <span className="muted keyboard-hint">{t('table.keysPaged')}</span>
    </div>
  )

  if (current && current.unfiltered === 0 && scope === 'all' && !building) {
    return (
      <section className="annotation-table paged" aria-label={t('nav.annotations')}>
        <div className="library-toolbar wrap">
          <SourcePicker choice={sourceChoice} />
        </div>
        <SourceBanner choice={sourceChoice} workspaceReadOnly={props.readOnly} />
        <div className="empty-state" data-testid="annotations-empty">
          {t('table.empty')}
        </div>
      </section>
    )
  }

  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0
  const columnCount = columns.length
  return (
    <section className="annotation-table paged" aria-label={t('nav.annotations')}>
      {toolbar}
      <SourceBanner choice={sourceChoice} workspaceReadOnly={props.readOnly} />
      {building && (
        <div className="table-building" role="status" data-testid="annotations-building">
          <progress value={building.done} max={Math.max(1, building.total)} />
          <span>{t('table.building', { done: building.done, total: building.total })}</span>
        </div>
      )}
      <div className="annotation-scroll" ref={scrollRef} data-testid="annotation-scroll">
        <table className="data-table compact" aria-rowcount={total + 1}>
          <SortableHead groups={table.getHeaderGroups()} hint={t('library.sortHint')} />
          <tbody ref={bodyRef}>
            {paddingTop > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={columnCount} style={{ height: paddingTop }} />
              </tr>
            )}
            {items.map((item) => {
                const index = item.index
                const fetched = rowAt(index)
                const row = fetched === undefined ? null : shown(fetched)
                const heading = groupStarts(index) && fetched
                return [
                  heading ? (
                    <tr key={`group-${index}`} className="group-row">
                      <td colSpan={columnCount}>
                        {fetched.indicatorName || '—'} <span className="muted">({current?.groupSizes[fetched.indicator ?? ''] ?? '…'})</span>
                      </td>
                    </tr>
                  ) : null,
                  fetched === undefined ? (
                    <tr key={index} data-row-index={index} className="loading-row" tabIndex={index === active ? 0 : -1} onKeyDown={(event) => onRowKey(event, index, null)}>
                      <td colSpan={columnCount} className="muted">
                        {t('table.loadingRows')}
                      </td>
                    </tr>
                  ) : row === null ? (
                    // Deleted here, not saved yet: gone from view, its place kept until the pages come again.
                    <tr key={index} data-row-index={index} hidden />
                  ) : (
                    <tr
                      key={index}
                      data-row-index={index}
                      tabIndex={index === active ? 0 : -1}
                      aria-selected={index === active}
                      aria-rowindex={index + 2}
                      data-annotation-id={row.id}
                      onClick={() => onOpen(row)}
                      onFocus={() => setCursor(index)}
                      onKeyDown={(event) => onRowKey(event, index, row)}
                    >
                      {table.getAllLeafColumns().map((column) => (
                        <td key={column.id} className={`col-${column.id}`}>
                          {cell(column.id, row)}
                        </td>
                      ))}
                    </tr>
                  ),
                ]
              })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={columnCount} style={{ height: paddingBottom }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
