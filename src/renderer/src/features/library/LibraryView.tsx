import { createColumnHelper, tableFeatures, useTable, type SortingState } from '@tanstack/react-table'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { DocumentSummary } from '../../../../shared/api'
import { SortableHead } from '../../components/SortableHead'
import { sortAndFilterFeatures } from '../../components/table-features'
import { useI18n } from '../../i18n/i18n'
import { useLiveDocuments } from '../../state/live-counts'

const features = tableFeatures(sortAndFilterFeatures)

/** A row as the table sees it: the summary plus the type name in the UI language, so filtering matches what is shown. */
type LibraryRow = DocumentSummary & { typeName: string }

const helper = createColumnHelper<typeof features, LibraryRow>()

interface LibraryViewProps {
  documents: DocumentSummary[]
  activeId: string | null
  onOpen: (id: string) => void
  /** Delete on a row: asks, then deletes (undoable); absent when the workspace is read-only. */
  onDelete?: (id: string) => void
}

export function LibraryView({ documents: listed, activeId, onOpen, onDelete }: LibraryViewProps) {
  const { t, docType, number, locale } = useI18n()
  const documents = useLiveDocuments(listed)
  const [sorting, setSorting] = useState<SortingState>([{ id: 'year', desc: true }])
  const [globalFilter, setGlobalFilter] = useState('')
  const [cursorState, setCursor] = useState(0)
  const filterRef = useRef<HTMLInputElement>(null)
  const bodyRef = useRef<HTMLTableSectionElement>(null)

  const data = useMemo<LibraryRow[]>(
    () => documents.map((doc) => ({ ...doc, typeName: docType(doc.docType) })),
    [documents, docType],
  )

  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('title', {
          header: () => t('library.column.title'),
          sortFn: 'alphanumeric',
          cell: ({ row }) => (
            <span className="library-title">
              {row.original.title}
              {row.original.script === 'zh-Hant' && (
                <span className="tag" title={t('script.zh-Hant')}>
                  {t('library.traditional')}
                </span>
              )}
              {row.original.missing && <span className="tag tag-warning">{t('library.missing')}</span>}
            </span>
          ),
        }),
        helper.accessor('year', {
          header: () => t('library.column.year'),
          sortFn: 'basic',
          sortUndefined: 'last',
          cell: ({ getValue }) => getValue() ?? t('unknown'),
        }),
        helper.accessor('typeName', {
          header: () => t('library.column.type'),
          sortFn: 'alphanumeric',
        }),
        helper.accessor('textLength', {
          header: () => t('library.column.chars'),
          sortFn: 'basic',
          cell: ({ getValue }) => number(getValue()),
        }),
        helper.accessor('annotationCount', {
          header: () => t('library.column.annotations'),
          sortFn: 'basic',
          sortUndefined: 'last',
          // Null while the annotation files are still being read.
          cell: ({ getValue }) => {
            const count = getValue()
            return count === null ? <span className="muted">…</span> : number(count)
          },
        }),
      ]),
    [t, number],
  )

  const table = useTable({
    features,
    columns,
    data,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    globalFilterFn: 'includesString',
    getColumnCanGlobalFilter: (column) => column.id !== 'textLength' && column.id !== 'annotationCount',
  })
  const rows = table.getRowModel().rows

  // The filter can shrink the rows under the cursor; keep it on a row that exists.
  const cursor = Math.min(cursorState, Math.max(0, rows.length - 1))

  useEffect(() => {
    const focusFilter = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (event.key === '/' && target.tagName !== 'INPUT' && target.tagName !== 'TEXTAREA') {
        event.preventDefault()
        filterRef.current?.focus()
      }
    }
    window.addEventListener('keydown', focusFilter)
    return () => window.removeEventListener('keydown', focusFilter)
  }, [])

  const moveCursor = (next: number) => {
    const bounded = Math.max(0, Math.min(rows.length - 1, next))
    setCursor(bounded)
    bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr')[bounded]?.focus()
  }

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, id: string) => {
    if (event.key === 'ArrowDown') moveCursor(index + 1)
    else if (event.key === 'ArrowUp') moveCursor(index - 1)
    else if (event.key === 'Home') moveCursor(0)
    else if (event.key === 'End') moveCursor(rows.length - 1)
    else if (event.key === 'Enter') onOpen(id)
    else if (event.key === 'Delete' && onDelete) onDelete(id)
    else return
    event.preventDefault()
  }

  const onFilterKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault()
      moveCursor(0)
    } else if (event.key === 'Escape') {
      setGlobalFilter('')
    }
  }

  if (documents.length === 0) {
    return (
      <section className="empty-state" data-testid="library-empty">
        <h2>{t('library.empty')}</h2>
        <p>{t('library.emptyHint')}</p>
      </section>
    )
  }

  return (
    <section className="library" aria-label={t('nav.library')}>
      <div className="library-toolbar">
        <input
          ref={filterRef}
          className="filter"
          type="search"
          value={globalFilter}
          placeholder={t('library.filter')}
          aria-label={t('library.filter')}
          onChange={(event) => setGlobalFilter(event.target.value)}
          onKeyDown={onFilterKey}
        />
        <span className="muted" data-testid="library-count">
          {t('library.count', { shown: rows.length, total: documents.length })}
        </span>
        <span className="muted keyboard-hint">{t('library.keyboardHint')}</span>
      </div>
      <table className="data-table" lang={locale}>
        <SortableHead groups={table.getHeaderGroups()} hint={t('library.sortHint')} />
        <tbody ref={bodyRef}>
          {rows.map((row, index) => (
            <tr
              key={row.id}
              tabIndex={index === cursor ? 0 : -1}
              className={row.original.id === activeId ? 'active' : undefined}
              aria-selected={index === cursor}
              data-document-id={row.original.id}
              onClick={() => onOpen(row.original.id)}
              onFocus={() => setCursor(index)}
              onKeyDown={(event) => onRowKey(event, index, row.original.id)}
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={`col-${cell.column.id}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty-state">{t('library.noMatch')}</p>}
    </section>
  )
}
