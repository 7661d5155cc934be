// One lane per source in a review unit (issue 6, issue 10): every span the source has in the
// unit, overlapping ones on lines of their own, each with its attributes.
import type { Annotation, AnnotationAttributes } from '../../../../shared/model'
import type { ReviewUnit } from '../../../../shared/review'
import { useI18n } from '../../i18n/i18n'

/** Characters of text shown on either side of a unit. */
export const CONTEXT = 40

export function describe(attributes: AnnotationAttributes): string {
  const parts = [
    attributes.indicator,
    attributes.value === undefined ? undefined : `${attributes.comparator ?? ''}${attributes.value}${attributes.unit ?? ''}`,
    attributes.periodYear === undefined ? undefined : String(attributes.periodYear),
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(' ') : '—'
}

/** Spans that overlap go on separate lines, so two overlapping spans of one source both show. */
function lanesOf(spans: readonly Annotation[]): Annotation[][] {
  const lines: Annotation[][] = []
  for (const span of [...spans].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const free = lines.find((line) => line[line.length - 1].end <= span.start)
    if (free) free.push(span)
    else lines.push([span])
  }
  return lines
}

/**
 * One source's spans over the unit's stretch of text (with some context on either side): every
 * annotation of that source in the unit, each with its attributes, overlapping ones one per line.
 */
export function Lane({
  title,
  text,
  unit,
  spans,
  color,
  labelName,
  curated = false,
}: {
  title: string
  text: string
  unit: ReviewUnit
  spans: Annotation[]
  color: string
  labelName: (key: string) => string
  curated?: boolean
}) {
  const { t } = useI18n()
  const from = Math.max(0, Math.min(unit.start, ...spans.map((span) => span.start)) - CONTEXT)
  const to = Math.min(text.length, Math.max(unit.end, ...spans.map((span) => span.end)) + CONTEXT)
  const lines = spans.length === 0 ? [[]] : lanesOf(spans)
  return (
    <div className={`review-lane${curated ? ' curated' : ''}`} data-testid="review-lane">
      <div className="lane-title">{title}</div>
      <div className="lane-lines">
        {lines.map((line, lineIndex) => {
          const pieces: Array<{ text: string; marked: Annotation | null }> = []
          let at = from
          for (const span of line) {
            if (span.start > at) pieces.push({ text: text.slice(at, span.start), marked: null })
            pieces.push({ text: text.slice(span.start, span.end), marked: span })
            at = span.end
          }
          if (at < to) pieces.push({ text: text.slice(at, to), marked: null })
          return (
            <div key={lineIndex} className="lane-text review-lane-line">
              {from > 0 && '…'}
              {pieces.map((piece, index) =>
                piece.marked ? (
                  <mark key={index} data-testid="lane-span" style={{ background: `${color}33`, borderBottom: `2px solid ${color}` }} title={labelName(piece.marked.label)}>
                    {piece.text}
                  </mark>
                ) : (
                  <span key={index}>{piece.text}</span>
                ),
              )}
              {to < text.length && '…'}
              {line.length > 0 && <span className="muted lane-attributes">{line.map((span) => `${labelName(span.label)}: ${describe(span.attributes)}`).join(' · ')}</span>}
              {spans.length === 0 && <span className="muted"> {t('review.none')}</span>}
            </div>
          )
        })}
      </div>
    </div>
  )
}

