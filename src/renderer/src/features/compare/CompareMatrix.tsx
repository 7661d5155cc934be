// The indicator × year matrix. Main computes every row; pages of rows travel as the table scrolls,
// and only the rows in view are rendered, so 5,000 indicators open as fast as fifteen.
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { formatFigure, reachedEarlier, type CompareCellView, type CompareRowView, type FigureView } from '../../../../shared/compare'
import type { ComparePageCell } from '../../../../shared/api'
import { useI18n } from '../../i18n/i18n'
import { STATUS_ICON, statusKey } from './status'

const features = tableFeatures({})

/** A row slot: the row once its page has arrived, null before. */
export interface MatrixSlot {
  index: number
  row: CompareRowView | null
}

const helper = createColumnHelper<typeof features, MatrixSlot>()

interface CompareMatrixProps {
  slots: MatrixSlot[]
  years: number[]
  onNeedRows: (from: number, to: number) => void
  onOpenFigure: (observation: FigureView) => void
  onChart: (row: CompareRowView) => void
  chartKey: string | null
  tolerancePercent: number
}

/** A row not loaded yet. */
const ROW_ESTIMATE = 72
/** A loaded row: its tallest cell's figures one under another (each row is measured once shown). */
const ROW_BASE = 32
const FIGURE_HEIGHT = 33

// Close estimates keep the first render to the rows that fit: with one guess for every row, the
// first page rendered twice the rows in view (5,000 indicators of four figures a cell), then
// measured them and rendered again without the rest.
function estimatedHeight(slot: MatrixSlot): number {
  if (!slot.row) return ROW_ESTIMATE
  let figures = 0
  for (const cell of slot.row.cells) figures = Math.max(figures, cell.targets.length + cell.actuals.length)
  return ROW_BASE + FIGURE_HEIGHT * figures
}
const INDICATOR_WIDTH = 220
const YEAR_WIDTH = 210

export function CompareMatrix({ slots, years, onNeedRows, onOpenFigure, onChart, chartKey, tolerancePercent }: CompareMatrixProps) {
  const { t } = useI18n()
  const scrollRef = useRef<HTMLDivElement>(null)

  const columns = useMemo(
    () =>
      helper.columns([
        helper.display({
          id: 'indicator',
          header: () => t('compare.indicator'),
          cell: ({ row }) => {
            const data = row.original.row
            if (!data) return <span className="muted">…</span>
            return (
              <div className="compare-indicator">
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={chartKey === data.key}
                  title={t('compare.chartHint')}
                  onClick={() => onChart(data)}
                >
                  {data.name}
                </button>
                <span className="muted">
                  {data.unit}
                  {data.higherIsBetter ? ' ↑' : ' ↓'}
                  {!data.inCodebook && <span className="tag tag-warning">{t('compare.notInCodebook')}</span>}
                </span>
              </div>
            )
          },
        }),
        ...years.map((year) =>
          helper.display({
            id: `y${year}`,
            header: () => String(year),
            cell: ({ row }) => {
              const data = row.original.row
              const cell = data?.cells.find((candidate) => candidate.year === year)
              return data && cell ? <MatrixCell row={data} cell={cell} tolerancePercent={tolerancePercent} onOpenFigure={onOpenFigure} /> : null
            },
          }),
        ),
      ]),
    [years, t, onChart, onOpenFigure, chartKey, tolerancePercent],
  )

  const table = useTable({ features, columns, data: slots })
  const rows = table.getRowModel().rows
  // The virtualizer is read in this render only; nothing memoised holds on to its functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimatedHeight(rows[index].original),
    getItemKey: (index) => rows[index].id,
    overscan: 3,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? -1

  useEffect(() => {
    if (last >= first) onNeedRows(first, last)
  }, [first, last, onNeedRows])

  const paddingTop = items[0]?.start ?? 0
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0

  return (
    <div className="compare-scroll" ref={scrollRef} data-testid="compare-matrix">
      {/* Fixed layout: the browser sizes columns from the first row instead of measuring every cell. */}
      <table
        className="data-table compare-table"
        aria-rowcount={rows.length + 1}
        style={{ width: INDICATOR_WIDTH + YEAR_WIDTH * years.length }}
      >
        <colgroup>
          <col style={{ width: INDICATOR_WIDTH }} />
          {years.map((year) => (
            <col key={year} style={{ width: YEAR_WIDTH }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className={header.column.id === 'indicator' ? 'compare-sticky-col' : 'compare-year'} scope="col">
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns.length} style={{ height: paddingTop, padding: 0, border: 'none' }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]
            return (
              <tr
                key={row.id}
                data-index={item.index}
                ref={virtualizer.measureElement}
                data-indicator={row.original.row?.key}
                aria-rowindex={item.index + 2}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={cell.column.id === 'indicator' ? 'compare-sticky-col' : 'compare-cell-td'}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            )
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns.length} style={{ height: paddingBottom, padding: 0, border: 'none' }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}

interface MatrixCellProps {
  row: CompareRowView
  cell: CompareCellView
  tolerancePercent: number
  onOpenFigure: (observation: FigureView) => void
}

function MatrixCell({ row, cell, tolerancePercent, onOpenFigure }: MatrixCellProps) {
  const { t, docType } = useI18n()
  const reached = reachedEarlier(row, cell, tolerancePercent)
  // A page of a large corpus carries a cell's first figures and how many it holds (ComparePageCell).
  const counted = cell as Partial<ComparePageCell>
  const unlisted = (counted.targetCount ?? cell.targets.length) - cell.targets.length + (counted.actualCount ?? cell.actuals.length) - cell.actuals.length
  const figure = (observation: FigureView, index: number) => {
    const superseded = observation.kind === 'target' && index > 0
    const source = `${observation.documentYear ?? '?'} ${docType(observation.docType)}`
    return (
      <li key={observation.annotationId} className={superseded ? 'superseded' : undefined}>
        <button
          type="button"
          className={`figure figure-${observation.kind}`}
          data-annotation-id={observation.annotationId}
          title={`${observation.documentTitle}\n${observation.quote}`}
          onClick={() => onOpenFigure(observation)}
        >
          <span className="figure-kind">{t(observation.kind === 'target' ? 'compare.target' : 'compare.actual')}</span>
          <span className="figure-value">{formatFigure(observation, row.unit)}</span>
          {observation.value === null && <span className="tag tag-warning">{t('compare.unitMismatch')}</span>}
          <span className="figure-source">
            {source}
            {superseded ? ` · ${t('compare.earlierTarget')}` : ''}
          </span>
        </button>
      </li>
    )
  }
  return (
    <div className={`compare-cell status-${cell.status ?? 'none'}`} data-year={cell.year} data-status={cell.status ?? ''}>
      {cell.status && (
        <span className="status-badge">
          <span aria-hidden="true">{STATUS_ICON[cell.status]}</span> {t(statusKey(cell.status))}
        </span>
      )}
      {cell.conflict && <span className="tag tag-warning" title={t('compare.conflictHint')}>⚠ {t('compare.conflict')}</span>}
      {reached && (
        <span className="reached-earlier" data-testid="reached-earlier">
          ℹ {t('compare.reachedEarlier', { year: reached.year, target: formatFigure(reached.target, row.unit), targetYear: reached.target.documentYear ?? '?' })}
        </span>
      )}
      <ul className="figures">
        {cell.targets.map(figure)}
        {cell.actuals.map(figure)}
      </ul>
      {unlisted > 0 && (
        <span className="muted more-figures" data-testid="more-figures" title={t('compare.moreFiguresHint', { count: unlisted })}>
          {t('compare.moreFigures', { count: unlisted })}
        </span>
      )}
    </div>
  )
}
