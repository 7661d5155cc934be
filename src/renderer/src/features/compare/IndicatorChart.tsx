// One indicator over the years: targets as points (a band for a range or an ≈ target), actuals as a
// line, every figure's source on hover. Saved as PNG (canvas) or SVG (drawn again by the SVG renderer).
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'
import { useEffect, useMemo, useRef } from 'react'
import { formatFigure, type CompareRowView, type FigureView } from '../../../../shared/compare'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { yearAxis } from '../../../../shared/year-axis'

echarts.use([ScatterChart, LineChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer, SVGRenderer])

const TARGET_COLOR = '#d9480f'
const ACTUAL_COLOR = '#2b8a3e'

interface IndicatorChartProps {
  row: CompareRowView
  tolerancePercent: number
  onClose: () => void
  onSaved: (path: string) => void
  onError: (error: unknown) => void
  /** The source the figures come from, when it is not the workspace's own (issue 10). */
  sourceName?: string
}

interface Band {
  observation: FigureView
  low: number
  high: number
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

/** A target's band: its range, or ± the tolerance around an ≈ figure; null for a point target. */
function bandOf(observation: FigureView, tolerancePercent: number): Band | null {
  if (observation.value === null) return null
  if (observation.valueMax !== null && observation.valueMax !== observation.value) {
    return { observation, low: observation.value, high: observation.valueMax }
  }
  if (observation.comparator === '≈') {
    const slack = (Math.abs(observation.value) * tolerancePercent) / 100
    return { observation, low: observation.value - slack, high: observation.value + slack }
  }
  return null
}

export function useChartOption(row: CompareRowView, tolerancePercent: number) {
  const { t, docType } = useI18n()
  return useMemo(() => {
    const targets = row.cells.flatMap((cell) => cell.targets).filter((target) => target.value !== null)
    const actuals = row.cells.flatMap((cell) => cell.actuals).filter((actual) => actual.value !== null)
    const bands = targets.map((target) => bandOf(target, tolerancePercent)).filter((band): band is Band => band !== null)
    const points = targets.filter((target) => bandOf(target, tolerancePercent) === null)
    // The line follows the newest actual of each year; the others are drawn as points beside it.
    const newestActuals = row.cells.map((cell) => cell.actuals.find((actual) => actual.value !== null)).filter((actual): actual is FigureView => !!actual)
    const years = row.cells.map((cell) => cell.year)
    const axis = yearAxis(years)
    const describe = (observation: FigureView) =>
      [
        `<b>${escapeHtml(t(observation.kind === 'target' ? 'compare.target' : 'compare.actual'))} ${observation.periodYear}: ${escapeHtml(formatFigure(observation, row.unit))}</b>`,
        escapeHtml(`${observation.documentYear ?? '?'} ${docType(observation.docType)} · ${observation.documentTitle}`),
        `<span style="color:#666">${escapeHtml(observation.quote.slice(0, 80))}</span>`,
      ].join('<br/>')
    const symbolFor = (observation: FigureView) =>
      observation.comparator === '>' || observation.comparator === '>=' ? 'triangle' : observation.comparator === '<' || observation.comparator === '<=' ? 'path://M0,0 L10,0 L5,10 Z' : 'diamond'
    const series: echarts.EChartsCoreOption['series'] = [
      {
        type: 'custom',
        name: t('compare.chart.targetBand'),
        itemStyle: { color: TARGET_COLOR },
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[]; size: (p: number[]) => number[] }) => {
          const year = api.value(0)
          const low = api.coord([year, api.value(1)])
          const high = api.coord([year, api.value(2)])
          const width = Math.max(10, api.size([1, 0])[0] * 0.35)
          return {
            type: 'rect',
            shape: { x: low[0] - width / 2, y: high[1], width, height: Math.max(2, low[1] - high[1]) },
            style: { fill: 'rgba(217,72,15,0.18)', stroke: TARGET_COLOR, lineWidth: 1 },
          }
        },
        encode: { x: 0, y: [1, 2] },
        data: bands.map((band) => [band.observation.periodYear, band.low, band.high]),
        tooltip: { formatter: (params: { dataIndex: number }) => describe(bands[params.dataIndex].observation) },
        z: 1,
      },
      {
        type: 'scatter',
        name: t('compare.chart.targets'),
        itemStyle: { color: TARGET_COLOR },
        symbolSize: 13,
        data: points.map((target, i) => ({ value: [target.periodYear, target.value], symbol: symbolFor(target), id: `t${i}`, itemStyle: i > 0 && points[i - 1].periodYear === target.periodYear ? { opacity: 0.5 } : undefined })),
        tooltip: { formatter: (params: { dataIndex: number }) => describe(points[params.dataIndex]) },
        z: 3,
      },
      {
        type: 'line',
        name: t('compare.chart.actuals'),
        itemStyle: { color: ACTUAL_COLOR },
        symbol: 'circle',
        symbolSize: 9,
        data: newestActuals.map((actual) => [actual.periodYear, actual.value]),
        tooltip: { formatter: (params: { dataIndex: number }) => describe(newestActuals[params.dataIndex]) },
        z: 4,
      },
      {
        type: 'scatter',
        name: t('compare.chart.otherActuals'),
        itemStyle: { color: ACTUAL_COLOR, opacity: 0.5 },
        symbolSize: 8,
        data: actuals.filter((actual) => !newestActuals.includes(actual)).map((actual) => [actual.periodYear, actual.value]),
        tooltip: {
          formatter: (params: { dataIndex: number }) => describe(actuals.filter((actual) => !newestActuals.includes(actual))[params.dataIndex]),
        },
        z: 2,
      },
    ]
    const option: echarts.EChartsCoreOption = {
      animation: false,
      backgroundColor: '#ffffff',
      title: undefined,
      legend: { top: 0, data: [t('compare.chart.targets'), t('compare.chart.targetBand'), t('compare.chart.actuals')] },
      grid: { left: 64, right: 24, top: 36, bottom: 32 },
      tooltip: { trigger: 'item', confine: true },
      xAxis: {
        type: 'value',
        // A year of margin on each side keeps bands and points off the frame; ticks fall on years.
        min: axis.min,
        max: axis.max,
        interval: 1,
        // Every year labelled: ECharts would otherwise drop labels it thinks overlap.
        axisLabel: { formatter: axis.label, interval: 0, hideOverlap: false },
        splitLine: { show: false },
      },
      yAxis: { type: 'value', name: row.unit, scale: true },
      series,
    }
    return option
  }, [row, tolerancePercent, t, docType])
}

export function IndicatorChart({ row, tolerancePercent, onClose, onSaved, onError, sourceName }: IndicatorChartProps) {
  const { t } = useI18n()
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const option = useChartOption(row, tolerancePercent)

  useEffect(() => {
    if (!element.current) return
    const instance = echarts.init(element.current, null, { renderer: 'canvas' })
    chart.current = instance
    const resize = new ResizeObserver(() => instance.resize())
    resize.observe(element.current)
    return () => {
      resize.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  // A chart of another source's figures says so in its file name.
  const fileName = sourceName ? `${row.key}-${sourceName.replace(/[/\\:*?"<>|\s]+/g, '_')}` : `${row.key}`
  const save = async (format: 'png' | 'svg') => {
    try {
      let saved: { path: string } | null
      if (format === 'png') {
        const url = chart.current!.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' })
        saved = await call('compare.saveFile', { defaultName: `${fileName}.png`, extension: 'png', base64: url.replace(/^data:[^,]*,/, '') })
      } else {
        // The SVG renderer draws its own copy off screen; the canvas on screen stays as it is.
        const holder = document.createElement('div')
        const { width, height } = element.current!.getBoundingClientRect()
        const svgChart = echarts.init(holder, null, { renderer: 'svg', width: Math.round(width), height: Math.round(height) })
        svgChart.setOption(option)
        const text = svgChart.renderToSVGString()
        svgChart.dispose()
        saved = await call('compare.saveFile', { defaultName: `${fileName}.svg`, extension: 'svg', text })
      }
      if (saved) onSaved(saved.path)
    } catch (error) {
      onError(error)
    }
  }

  return (
    <div className="compare-chart" data-testid="compare-chart" aria-label={t('compare.chartOf', { name: row.name })}>
      <div className="compare-chart-head">
        <strong>{row.name}</strong>
        <span className="muted">
          {row.unit} · {row.higherIsBetter ? t('compare.higherIsBetter') : t('compare.lowerIsBetter')}
          {sourceName && ` · ${sourceName}`}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void save('png')}>
          {t('compare.savePng')}
        </button>
        <button type="button" onClick={() => void save('svg')}>
          {t('compare.saveSvg')}
        </button>
        <button type="button" onClick={onClose} aria-label={t('compare.closeChart')}>
          ×
        </button>
      </div>
      <div className="compare-chart-canvas" ref={element} />
    </div>
  )
}
