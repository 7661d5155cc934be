// The compare engine's shapes: the matrix, its rows and cells, the figures that travel to the
// view, and the engine's input. Types only; compare.ts re-exports them.
import type { Comparator, DocumentRecord, DocumentType, Indicator } from './model'
import type { CompareStatus } from './compare-types'
import type { FigureAnnotation, UnplacedFigure } from './compare-unplaced'
import type { FigureColumns } from './figure-columns'

export type ObservationKind = 'target' | 'actual'

/** The document a figure comes from: one object per document, shared by all its figures. */
export interface ObservationSource {
  documentId: string
  year: number | null
  date: string | null
  docType: DocumentType
  issuer: string | null
  /** The issuer folded for script and width (廣州市科學技術局 = 广州市科学技术局), for the issuer filter. */
  issuerKey: string
  title: string
}

/** A figure flattened for the renderer, the exports and the command line. */
export interface FigureView {
  annotationId: string
  documentId: string
  kind: ObservationKind
  periodYear: number
  /** In the indicator's unit; null when the written unit cannot be converted to it. */
  value: number | null
  valueMax: number | null
  comparator: Comparator
  /** As annotated, for display and for figures kept apart. */
  writtenValue: number
  writtenValueMax: number | null
  writtenUnit: string
  documentYear: number | null
  docType: DocumentType
  issuer: string | null
  documentTitle: string
  quote: string
}

/**
 * One indicator × year. The engine keeps the annotations themselves (a workspace holds hundreds
 * of thousands, and a wrapper object per figure doubles the work of computing the matrix); the
 * figures that travel are FigureViews made for the rows asked for (see rowView).
 */
export interface CompareCell<F = FigureAnnotation> {
  year: number
  /** Newest document first; the first one is the target the status is computed against. */
  targets: F[]
  /** Newest document first. */
  actuals: F[]
  /** Null when the year has no target (an actual on its own is a fact, not a verdict). */
  status: CompareStatus | null
  /** Actuals for the same year that disagree (after conversion to the indicator's unit). */
  conflict: boolean
  /** Figures whose unit could not be converted (e.g. 个百分点 against %). */
  unitMismatch: boolean
}

export interface CompareRow<F = FigureAnnotation> {
  key: string
  name: string
  unit: string
  higherIsBetter: boolean
  /** False for an indicator key used by annotations but missing from the codebook. */
  inCodebook: boolean
  /** Ascending by year; only years with at least one observation. */
  cells: Array<CompareCell<F>>
}

export type CompareCellView = CompareCell<FigureView>
export type CompareRowView = CompareRow<FigureView>

export interface CompareResult {
  rows: CompareRow[]
  /** Every year with an observation, ascending. */
  years: number[]
  /** The newest document year in the workspace: targets up to it could have been reported on. */
  latestDocumentYear: number | null
  tolerancePercent: number
  /** The documents the figures come from, by id. */
  sources: ReadonlyMap<string, ObservationSource>
  /** Targets and achievements the filters keep that have no cell, or no verdict for want of a unit. */
  unplaced: UnplacedFigure[]
}

export interface CompareFilters {
  /** Annotation labels to include; by default target and achievement. */
  labels?: readonly string[]
  docTypes?: readonly DocumentType[]
  issuers?: readonly string[]
  yearFrom?: number
  yearTo?: number
  statuses?: ReadonlyArray<CompareStatus>
  indicatorKeys?: readonly string[]
}

export interface CompareInput {
  /** Read once more when a filter hides figures (the verdicts are judged on all of them). */
  annotations?: readonly FigureAnnotation[]
  /** The figures in columns, document by document (main's figure index): read in place of `annotations`. */
  figures?: readonly FigureColumns[]
  documents: readonly DocumentRecord[]
  indicators: readonly Indicator[]
  tolerancePercent?: number
  filters?: CompareFilters
}
