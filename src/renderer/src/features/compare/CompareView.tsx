// 对比 / Compare: targets against actuals across years, commitments and their follow-ups, and the
// indicator codebook they all rest on.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { CompareFiltersSchema, ComparePage } from '../../../../shared/api'
import type { CompareRowView, FigureView } from '../../../../shared/compare'
import { compareStatuses, type CompareStatus } from '../../../../shared/compare-types'
import type { DocumentType, Indicator, Settings } from '../../../../shared/model'
import { DocTypeSelect } from '../../components/DocTypeSelect'
import { SourceBanner, SourcePicker, useSourceChoice, useSourceName } from '../../components/SourcePicker'
import type { z } from 'zod'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { CodebookView } from '../codebook/CodebookView'
import { CommitmentsView } from './CommitmentsView'
import { CompareMatrix, type MatrixSlot } from './CompareMatrix'
import { IndicatorChart } from './IndicatorChart'
import { statusKey } from './status'
import { UnplacedList } from './UnplacedList'

type Filters = z.input<typeof CompareFiltersSchema>
type Tab = 'matrix' | 'commitments' | 'codebook'

// About two screens of rows: the first page is what the first paint waits for.
const PAGE_SIZE = 20
// A cell of a large corpus holds tens of thousands of figures: a few travel, the chart fetches its row whole.
const FIGURES_PER_CELL = 8
const UNPLACED_STEP = 200

// A codebook is replaced, never changed in place, whenever it is edited: its identity is its version.
const codebookVersions = new WeakMap<Indicator[], number>()
let nextCodebookVersion = 0
function codebookVersion(indicators: Indicator[]): number {
  let version = codebookVersions.get(indicators)
  if (version === undefined) {
    version = nextCodebookVersion++
    codebookVersions.set(indicators, version)
  }
  return version
}

interface CompareViewProps {
  indicators: Indicator[]
  settings: Settings
  readOnly: boolean
  /** The workspace folder: each view remembers its source per workspace. */
  workspaceDir: string
  onOpen: (documentId: string, annotationId: string, field?: string) => void
  /** Opens the reader with a span selected (a figure of an imported source or the curated set). */
  onOpenSpan: (documentId: string, start: number, end: number) => void
  onChanged: () => void
  onError: (error: unknown) => void
}

interface Loaded {
  requestKey: string
  first: ComparePage
  pages: Map<number, CompareRowView[]>
}

export function CompareView({ indicators, settings, readOnly, workspaceDir, onOpen, onOpenSpan, onChanged, onError }: CompareViewProps) {
  const { t } = useI18n()
  // The sources are listed once the first page of rows has come (or failed): see useSourceChoice.
  const [firstPageSettled, setFirstPageSettled] = useState(false)
  const sourceChoice = useSourceChoice('compare', workspaceDir, 0, firstPageSettled)
  const sourceName = useSourceName()
  const { source } = sourceChoice
  const [tab, setTab] = useState<Tab>('matrix')
  const [label, setLabel] = useState('')
  const [docType, setDocType] = useState<DocumentType | ''>('')
  const [issuer, setIssuer] = useState('')
  const [yearFrom, setYearFrom] = useState('')
  const [yearTo, setYearTo] = useState('')
  const [status, setStatus] = useState<CompareStatus | ''>('')
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [chartRow, setChartRow] = useState<CompareRowView | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const requested = useRef(new Set<number>())
  const [unplacedLimit, setUnplacedLimit] = useState(UNPLACED_STEP)
  const [chartFull, setChartFull] = useState<{ requestKey: string; row: CompareRowView } | null>(null)

  const filters = useMemo<Filters>(() => {
    const year = (text: string) => (/^\d{4}$/.test(text) ? Number(text) : undefined)
    return {
      ...(label ? { labels: [label] } : {}),
      ...(docType ? { docTypes: [docType] } : {}),
      ...(issuer ? { issuers: [issuer] } : {}),
      ...(year(yearFrom) ? { yearFrom: year(yearFrom) } : {}),
      ...(year(yearTo) ? { yearTo: year(yearTo) } : {}),
      ...(status ? { statuses: [status] } : {}),
    }
  }, [label, docType, issuer, yearFrom, yearTo, status])
  // The matrix changes with the filters, the codebook and the tolerance.
  const requestKey = useMemo(
    () => `${JSON.stringify(filters)}|${settings.approxTolerancePercent}|${codebookVersion(indicators)}|${source}`,
    [filters, settings.approxTolerancePercent, indicators, source],
  )

  useEffect(() => {
    let current = true
    requested.current = new Set([0])
    call('compare.matrix', { filters, offset: 0, limit: PAGE_SIZE, source, figuresPerCell: FIGURES_PER_CELL, unplacedLimit })
      .then(
        (first) => current && setLoaded({ requestKey, first, pages: new Map([[0, first.rows]]) }),
        (error: unknown) => current && onError(error),
      )
      .finally(() => setFirstPageSettled(true))
    return () => {
      current = false
    }
    // requestKey stands for filters and everything else the matrix depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey, onError, unplacedLimit])

  const needRows = useCallback(
    (from: number, to: number) => {
      if (!loaded) return
      for (let page = Math.floor(from / PAGE_SIZE); page <= Math.floor(to / PAGE_SIZE); page++) {
        if (requested.current.has(page)) continue
        requested.current.add(page)
        const key = loaded.requestKey
        call('compare.matrix', { filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE, source, figuresPerCell: FIGURES_PER_CELL, unplacedLimit: 0 }).then(
          (result) =>
            setLoaded((previous) =>
              previous && previous.requestKey === key ? { ...previous, pages: new Map(previous.pages).set(page, result.rows) } : previous,
            ),
          onError,
        )
      }
    },
    [loaded, filters, source, onError],
  )

  const slots = useMemo<MatrixSlot[]>(() => {
    if (!loaded) return []
    return Array.from({ length: loaded.first.totalRows }, (_, index) => ({
      index,
      row: loaded.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null,
    }))
  }, [loaded])

  const { readOnlySource } = sourceChoice
  const openFigure = useCallback(
    (observation: FigureView) => {
      if (!readOnlySource) return onOpen(observation.documentId, observation.annotationId)
      // A source's figure is not an annotation of the workspace: the reader selects its span.
      call('annotations.listAll', { source }).then((annotations) => {
        const found = annotations.find((annotation) => annotation.id === observation.annotationId)
        if (found) onOpenSpan(found.documentId, found.start, found.end)
        else onOpen(observation.documentId, observation.annotationId)
      }, onError)
    },
    [onOpen, onOpenSpan, onError, readOnlySource, source],
  )
  const toggleChart = useCallback((row: CompareRowView) => setChartRow((shown) => (shown?.key === row.key ? null : row)), [])
  // The chart plots every figure of its row: the row is fetched whole (the matrix's page carries a few per cell).
  const chartIndex = chartRow && loaded ? slots.findIndex((slot) => slot.row?.key === chartRow.key) : -1
  useEffect(() => {
    if (chartIndex < 0 || !loaded) return
    let current = true
    call('compare.matrix', { filters, offset: chartIndex, limit: 1, source, unplacedLimit: 0 }).then(
      (whole) => current && whole.rows[0] && setChartFull({ requestKey: loaded.requestKey, row: whole.rows[0] }),
      (error: unknown) => current && onError(error),
    )
    return () => {
      current = false
    }
    // The row's place and the matrix it belongs to (requestKey) decide what to fetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chartIndex, loaded?.requestKey, loaded?.first])

  const exportMatrix = async (format: 'csv' | 'xlsx') => {
    try {
      const saved = await call('compare.export', { format, filters, source })
      if (saved) setNotice(t('compare.saved', { path: saved.path }))
    } catch (error) {
      onError(error)
    }
  }

  const setTolerance = async (text: string) => {
    const value = Number(text)
    if (text === '' || !(value >= 0 && value <= 100) || value === settings.approxTolerancePercent) return
    try {
      await call('settings.update', { approxTolerancePercent: value })
      onChanged()
    } catch (error) {
      onError(error)
    }
  }

  const page = loaded?.first
  return (
    <section className="compare" aria-label={t('nav.compare')}>
      <div className="library-toolbar wrap">
        <SourcePicker choice={sourceChoice} />
        <div className="segmented" role="group" aria-label={t('nav.compare')}>
          {(['matrix', 'commitments', 'codebook'] as const).map((name) => (
            <button key={name} type="button" aria-pressed={tab === name} onClick={() => setTab(name)}>
              {t(`compare.tab.${name}`)}
            </button>
          ))}
        </div>
        {tab === 'matrix' && (
          <>
            <select aria-label={t('table.col.label')} value={label} onChange={(event) => setLabel(event.target.value)}>
              <option value="">{t('compare.allFigures')}</option>
              <option value="target">{t('compare.targetsOnly')}</option>
              <option value="achievement">{t('compare.actualsOnly')}</option>
            </select>
            <DocTypeSelect value={docType} onChange={setDocType} />
            <select aria-label={t('compare.issuer')} value={issuer} onChange={(event) => setIssuer(event.target.value)}>
              <option value="">{t('compare.allIssuers')}</option>
              {(page?.issuers ?? []).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <input className="year-filter" inputMode="numeric" placeholder={t('compare.yearFrom')} aria-label={t('compare.yearFrom')} value={yearFrom} onChange={(event) => setYearFrom(event.target.value)} />
            <input className="year-filter" inputMode="numeric" placeholder={t('compare.yearTo')} aria-label={t('compare.yearTo')} value={yearTo} onChange={(event) => setYearTo(event.target.value)} />
            <select aria-label={t('compare.status')} value={status} onChange={(event) => setStatus(event.target.value as CompareStatus | '')}>
              <option value="">{t('compare.allStatuses')}</option>
              {compareStatuses.map((name) => (
                <option key={name} value={name}>
                  {t(statusKey(name))}
                </option>
              ))}
            </select>
            <label className="tolerance" title={t('compare.toleranceHint')}>
              {t('compare.tolerance')}
              <input
                key={settings.approxTolerancePercent}
                type="number"
                min={0}
                max={100}
                step={0.5}
                disabled={readOnly}
                defaultValue={settings.approxTolerancePercent}
                aria-label={t('compare.tolerance')}
                onBlur={(event) => void setTolerance(event.target.value)}
                onKeyDown={(event) => event.key === 'Enter' && void setTolerance(event.currentTarget.value)}
              />
              %
            </label>
            <span className="muted" data-testid="compare-count">
              {page ? t('compare.count', { rows: page.totalRows, years: page.years.length }) : ''}
            </span>
            <span className="spacer" />
            <button type="button" onClick={() => void exportMatrix('csv')}>
              {t('compare.exportCsv')}
            </button>
            <button type="button" onClick={() => void exportMatrix('xlsx')}>
              {t('compare.exportXlsx')}
            </button>
          </>
        )}
      </div>
      <SourceBanner choice={sourceChoice} workspaceReadOnly={readOnly} />
      {notice && (
        <div className="banner banner-status" role="status">
          <span>{notice}</span>
          <button type="button" onClick={() => setNotice(null)}>
            {t('notice.dismiss')}
          </button>
        </div>
      )}
      {tab === 'matrix' ? (
        <>
          <p className="muted compare-legend">{t('compare.legend', { tolerance: settings.approxTolerancePercent })}</p>
          {chartRow && (
            <IndicatorChart
              row={
                chartFull && chartFull.row.key === chartRow.key && chartFull.requestKey === loaded?.requestKey
                  ? chartFull.row
                  : (slots.find((slot) => slot.row?.key === chartRow.key)?.row ?? chartRow)
              }
              tolerancePercent={settings.approxTolerancePercent}
              onClose={() => setChartRow(null)}
              onSaved={(path) => setNotice(t('compare.saved', { path }))}
              onError={onError}
              sourceName={sourceChoice.readOnlySource && sourceChoice.chosen ? sourceName(sourceChoice.chosen) : undefined}
            />
          )}
          {page && page.totalRows === 0 ? (
            <div className="empty-state" data-testid="compare-empty">
              {t('compare.empty')}
            </div>
          ) : (
            <CompareMatrix slots={slots} years={page?.years ?? []} onNeedRows={needRows} onOpenFigure={openFigure} onChart={toggleChart} chartKey={chartRow?.key ?? null} tolerancePercent={settings.approxTolerancePercent} />
          )}
          <UnplacedList figures={page?.unplaced ?? []} total={page?.unplacedTotal ?? 0} onMore={() => setUnplacedLimit((shown) => shown + UNPLACED_STEP)} onOpen={onOpen} />
        </>
      ) : tab === 'commitments' ? (
        <CommitmentsView indicators={indicators} readOnly={readOnly || sourceChoice.readOnlySource} source={source} onOpen={onOpen} onError={onError} />
      ) : (
        <CodebookView indicators={indicators} readOnly={readOnly} source={source} onChanged={onChanged} onSaved={(path) => setNotice(t('compare.saved', { path }))} onError={onError} />
      )}
    </section>
  )
}
