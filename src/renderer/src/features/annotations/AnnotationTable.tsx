import {
  columnGroupingFeature,
  createColumnHelper,
  createExpandedRowModel,
  createGroupedRowModel,
  rowExpandingFeature,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type GroupingState,
  type SortingState,
} from '@tanstack/react-table'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { DocumentSummary } from '../../../../shared/api'
import type { Annotation, DocumentType, Indicator, Label } from '../../../../shared/model'
import { DocTypeSelect } from '../../components/DocTypeSelect'
import { call } from '../../bridge'
import { SortableHead } from '../../components/SortableHead'
import { sortAndFilterFeatures } from '../../components/table-features'
import { useI18n } from '../../i18n/i18n'
import { annotationStore, useAnnotationVersion, useSaveState } from '../../state/annotation-store'
import { useLiveAnnotations } from '../../state/live-counts'
import { LabelSelect } from '../../components/LabelSelect'
import { SourceBanner, SourcePicker, useSourceChoice } from '../../components/SourcePicker'

const features = tableFeatures({
  ...sortAndFilterFeatures,
  columnGroupingFeature,
  groupedRowModel: createGroupedRowModel(),
  rowExpandingFeature,
  expandedRowModel: createExpandedRowModel(),
})

/** One annotation as the table shows it: display values resolved, so sorting and filtering match the screen. */
interface AnnotationRow {
  annotation: Annotation
  labelKey: string
  labelName: string
  quote: string
  indicator: string
  value: number | null
  unit: string
  comparator: string
  periodYear: number | null
  documentTitle: string
  documentYear: number | null
  docType: string
  author: string
  updated: string
}

const helper = createColumnHelper<typeof features, AnnotationRow>()

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

export function AnnotationTable(props: AnnotationTableProps) {
  const { labels, indicators, documents, currentDocumentId, onError } = props
  const sourceChoice = useSourceChoice('annotations', props.workspaceDir)
  const { source } = sourceChoice
  // Only the workspace's own annotations are edited here; a source is read-only (adopt it to edit).
  const readOnly = props.readOnly || sourceChoice.readOnlySource
  const { t, locale, docType: docTypeName } = useI18n()
  const version = useAnnotationVersion()
  // Read again once saves have landed (a delete of a document the reader never opened lives
  // only in main); until then the store's own copies show the edit.
  const saving = useSaveState().pending > 0
  const [listed, setAll] = useState<Annotation[] | null>(null)
  const all = useLiveAnnotations(listed)
  const [scope, setScope] = useState<'all' | 'document'>('all')
  const [sorting, setSorting] = useState<SortingState>([{ id: 'documentYear', desc: false }])
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([])
  const [globalFilter, setGlobalFilter] = useState('')
  const [grouped, setGrouped] = useState(false)
  const [cursor, setCursor] = useState(0)
  const bodyRef = useRef<HTMLTableSectionElement>(null)

  useEffect(() => {
    if (saving) return
    let current = true
    call('annotations.listAll', { source }).then(
      (result) => current && setAll(result),
      (error: unknown) => current && onError(error),
    )
    return () => {
      current = false
    }
  }, [version, saving, source, onError])

  const data = useMemo<AnnotationRow[]>(() => {
    const documentById = new Map(documents.map((doc) => [doc.id, doc]))
    const indicatorName = new Map(indicators.map((indicator) => [indicator.key, indicator.name]))
    const labelNames = new Map(labels.map((label) => [label.key, label.name[locale]]))
    return (all ?? [])
      // Proposals of the suggestion engine are reviewed in the reader; the table lists accepted ones.
      .filter((annotation) => annotation.status === 'accepted' && (scope === 'all' || annotation.documentId === currentDocumentId))
      .map((annotation) => {
        const doc = documentById.get(annotation.documentId)
        const key = annotation.attributes.indicator
        return {
          annotation,
          labelKey: annotation.label,
          labelName: labelNames.get(annotation.label) ?? annotation.label,
          quote: annotation.quote,
          indicator: key ? (indicatorName.get(key) ?? key) : '',
          value: annotation.attributes.value ?? null,
          unit: annotation.attributes.unit ?? '',
          comparator: annotation.attributes.comparator ?? '',
          periodYear: annotation.attributes.periodYear ?? null,
          documentTitle: doc?.title ?? annotation.documentId,
          documentYear: doc?.year ?? null,
          docType: doc?.docType ?? 'other',
          author: annotation.author,
          updated: annotation.updatedAt.slice(0, 16).replace('T', ' '),
        }
      })
  }, [all, documents, indicators, labels, locale, scope, currentDocumentId])

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('labelKey', {
          id: 'label',
          header: () => t('table.col.label'),
          filterFn: 'equals',
          sortFn: 'alphanumeric',
          cell: ({ row }) => {
            const label = labels.find((l) => l.key === row.original.labelKey)
            return <span style={{ color: label?.color, fontWeight: 600 }}>{row.original.labelName}</span>
          },
        }),
        helper.accessor('quote', { header: () => t('table.col.quote'), sortFn: 'alphanumeric', cell: ({ getValue }) => <span className="quote-cell">{getValue()}</span> }),
        helper.accessor('indicator', { header: () => t('table.col.indicator'), sortFn: 'alphanumeric' }),
        helper.accessor('value', { header: () => t('table.col.value'), sortFn: 'basic', sortUndefined: 'last', cell: ({ getValue }) => getValue() ?? '' }),
        helper.accessor('unit', { header: () => t('table.col.unit'), enableSorting: false }),
        helper.accessor('comparator', { header: () => t('table.col.comparator'), enableSorting: false }),
        helper.accessor('periodYear', { header: () => t('table.col.periodYear'), sortFn: 'basic', sortUndefined: 'last', cell: ({ getValue }) => getValue() ?? '' }),
        helper.accessor('documentTitle', { header: () => t('table.col.document'), sortFn: 'alphanumeric', cell: ({ getValue }) => <span className="doc-cell">{getValue()}</span> }),
        helper.accessor('documentYear', { header: () => t('table.col.documentYear'), sortFn: 'basic', filterFn: 'equals', cell: ({ getValue }) => getValue() ?? '' }),
        helper.accessor('docType', { header: () => t('library.column.type'), filterFn: 'equals', cell: ({ getValue }) => docTypeName(getValue() as DocumentType) }),
        helper.accessor('author', { header: () => t('table.col.author'), sortFn: 'alphanumeric' }),
        helper.accessor('updated', { header: () => t('table.col.updated'), sortFn: 'alphanumeric' }),
      ]),
    [t, labels, docTypeName],
  )

  const onOpen = (documentId: string, annotationId: string) => {
    const annotation = sourceChoice.readOnlySource ? all?.find((candidate) => candidate.id === annotationId) : undefined
    if (annotation) props.onOpenSpan(documentId, annotation.start, annotation.end)
    else props.onOpen(documentId, annotationId)
  }

  const grouping: GroupingState = grouped ? ['indicator'] : []
  const table = useTable({
    features,
    columns,
    data,
    state: { sorting, columnFilters, globalFilter, grouping, expanded: true },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setGlobalFilter,
    globalFilterFn: 'includesString',
    getColumnCanGlobalFilter: (column) => ['quote', 'indicator', 'documentTitle', 'labelName', 'unit'].includes(column.id),
  })
  const rows = table.getRowModel().rows
  const leafRows = rows.filter((row) => !row.getIsGrouped())
  const active = Math.min(cursor, Math.max(0, rows.length - 1))

  const setFilter = (id: string, value: unknown) =>
    setColumnFilters((filters) => [...filters.filter((filter) => filter.id !== id), ...(value === '' || value === null ? [] : [{ id, value }])])
  const filterValue = (id: string) => (columnFilters.find((filter) => filter.id === id)?.value ?? '') as string | number

  const focusRow = (index: number) => {
    const bounded = Math.max(0, Math.min(rows.length - 1, index))
    setCursor(bounded)
    bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr')[bounded]?.focus()
  }

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, annotation: Annotation | null) => {
    if (event.key === 'ArrowDown') focusRow(index + 1)
    else if (event.key === 'ArrowUp') focusRow(index - 1)
    else if (event.key === 'Enter' && annotation) onOpen(annotation.documentId, annotation.id)
    else if ((event.key === 'Delete' || event.key === 'Backspace') && annotation && !readOnly) {
      annotationStore.delete(annotation).catch(onError)
    } else return
    event.preventDefault()
  }

  if (all !== null && all.length === 0) {
    return (
      <section className="annotation-table" aria-label={t('nav.annotations')}>
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

  return (
    <section className="annotation-table" aria-label={t('nav.annotations')}>
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
        <input
          className="filter"
          type="search"
          placeholder={t('table.filter')}
          aria-label={t('table.filter')}
          value={globalFilter}
          onChange={(event) => setGlobalFilter(event.target.value)}
        />
        <LabelSelect labels={labels} value={String(filterValue('label'))} onChange={(label) => setFilter('label', label)} name={t('table.col.label')} allText={t('table.allLabels')} />
        <DocTypeSelect value={filterValue('docType') as DocumentType | ''} onChange={(type) => setFilter('docType', type)} />
        <input
          className="year-filter"
          inputMode="numeric"
          placeholder={t('table.col.documentYear')}
          aria-label={t('table.col.documentYear')}
          value={filterValue('documentYear')}
          onChange={(event) => setFilter('documentYear', /^\d{4}$/.test(event.target.value) ? Number(event.target.value) : event.target.value === '' ? '' : null)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={grouped} onChange={(event) => setGrouped(event.target.checked)} />
          {t('table.group')}
        </label>
        <span className="muted" data-testid="annotation-count">
          {t('table.count', { shown: leafRows.length, total: data.length })}
        </span>
        <span className="muted keyboard-hint">{t('table.keys')}</span>
      </div>
      <SourceBanner choice={sourceChoice} workspaceReadOnly={props.readOnly} />
      <table className="data-table compact">
        <SortableHead groups={table.getHeaderGroups()} hint={t('library.sortHint')} />
        <tbody ref={bodyRef}>
          {rows.map((row, index) =>
            row.getIsGrouped() ? (
              <tr key={row.id} className="group-row" tabIndex={index === active ? 0 : -1} onKeyDown={(event) => onRowKey(event, index, null)}>
                <td colSpan={columns.length}>
                  {String(row.getGroupingValue('indicator') || '—')} <span className="muted">({row.subRows.length})</span>
                </td>
              </tr>
            ) : (
              <tr
                key={row.id}
                tabIndex={index === active ? 0 : -1}
                aria-selected={index === active}
                data-annotation-id={row.original.annotation.id}
                onClick={() => onOpen(row.original.annotation.documentId, row.original.annotation.id)}
                onFocus={() => setCursor(index)}
                onKeyDown={(event) => onRowKey(event, index, row.original.annotation)}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    {cell.getIsPlaceholder() ? null : <table.FlexRender cell={cell} />}
                  </td>
                ))}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </section>
  )
}
