// The matrix in the shape of DESIGN §9's `compare <ws> --json`, for the command line.
import { compareAcrossYears, figureView, formatFigure, type CompareResult, type CompareRow, type FigureAnnotation, type FigureView } from '../../shared/compare'
import { LazyList } from '../../shared/json-pieces'
import type { FigureColumns } from '../../shared/figure-columns'
import type { WorkspaceStore } from './workspace-store'

function figureJson(observation: FigureView, unit: string) {
  return {
    value: observation.value,
    valueMax: observation.valueMax,
    comparator: observation.comparator,
    text: formatFigure(observation, unit),
    written: { value: observation.writtenValue, valueMax: observation.writtenValueMax, unit: observation.writtenUnit },
    annotationId: observation.annotationId,
    documentId: observation.documentId,
    documentYear: observation.documentYear,
    docType: observation.docType,
    quote: observation.quote,
  }
}

/** A source in place of the workspace's own: its figures in columns (one kept per document, from its indexes) or its annotations (one kept in one file). */
export type CompareReportSource = { id: string } & ({ figures: readonly FigureColumns[] } | { annotations: readonly FigureAnnotation[] })

export async function compareReport(store: WorkspaceStore, tolerancePercent?: number, source?: CompareReportSource) {
  // The workspace's own figures come from its figure index, not from every annotation file whole.
  const result = compareAcrossYears({
    ...(source ? ('figures' in source ? { figures: source.figures } : { annotations: source.annotations }) : { figures: await store.figureSummaries('figures') }),
    documents: store.documents,
    indicators: store.indicators,
    tolerancePercent: tolerancePercent ?? store.settings.approxTolerancePercent,
  })
  return {
    workspace: store.dir,
    source: source?.id ?? 'workspace',
    tolerancePercent: result.tolerancePercent,
    latestDocumentYear: result.latestDocumentYear,
    // Made figure by figure as it is printed: over millions of figures, the whole report at once takes gigabytes.
    indicators: new LazyList(result.rows.length, (index) => indicatorJson(result.rows[index], result.sources)),
    // Every target and achievement not in the matrix (or not judged for its unit), with the reason.
    unplaced: result.unplaced,
  }
}

function indicatorJson(row: CompareRow, sources: CompareResult['sources']) {
  const figures = (list: readonly FigureAnnotation[]) => new LazyList(list.length, (index) => figureJson(figureView(list[index], row, sources), row.unit), true)
  return {
    key: row.key,
    name: row.name,
    unit: row.unit,
    higherIsBetter: row.higherIsBetter,
    inCodebook: row.inCodebook,
    years: row.cells.map((cell) => ({
      year: cell.year,
      targets: figures(cell.targets),
      actuals: figures(cell.actuals),
      status: cell.status,
      conflict: cell.conflict,
      unitMismatch: cell.unitMismatch,
    })),
  }
}
