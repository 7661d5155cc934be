// Under the matrix: every target and achievement it could not place, with the reason in words.
// One click opens the annotation in the reader with the field that is missing focused.
import { memo } from 'react'
import { unplacedReasonText, type UnplacedFigure, type UnplacedReason } from '../../../../shared/compare-unplaced'
import { useI18n } from '../../i18n/i18n'

/** The side panel's field that fixes each reason (data-field in AttributesPanel). */
export const FIELD_FOR_REASON: Record<UnplacedReason, string> = {
  'no-indicator': 'indicator',
  'no-value': 'value',
  'no-year': 'periodYear',
  'unit-mismatch': 'unit',
}

interface UnplacedListProps {
  /** The first ones: a large corpus has hundreds of thousands. */
  figures: readonly UnplacedFigure[]
  /** How many there are in all. */
  total: number
  onMore: () => void
  onOpen: (documentId: string, annotationId: string, field: string) => void
}

export const UnplacedList = memo(function UnplacedList({ figures, total, onMore, onOpen }: UnplacedListProps) {
  const { t, locale, docType } = useI18n()
  if (figures.length === 0) return null
  const count = Math.max(total, figures.length)
  return (
    <section className="unplaced" aria-label={t('compare.unplaced.title', { count })} data-testid="unplaced-list">
      <h2>
        {t('compare.unplaced.title', { count })} <span className="muted">{t('compare.unplaced.hint')}</span>
      </h2>
      <ul>
        {figures.map((figure) => (
          <li key={figure.annotationId}>
            <button
              type="button"
              className="unplaced-item"
              data-annotation-id={figure.annotationId}
              data-reason={figure.reason}
              onClick={() => onOpen(figure.documentId, figure.annotationId, FIELD_FOR_REASON[figure.reason])}
            >
              <span className={`tag tag-warning unplaced-reason reason-${figure.reason}`}>{unplacedReasonText(figure, locale)}</span>
              <span className={`figure-kind label-${figure.label}`}>{t(figure.label === 'target' ? 'compare.target' : 'compare.actual')}</span>
              <span className="unplaced-quote">{figure.quote}</span>
              <span className="muted unplaced-source">
                {figure.documentYear ?? '?'} {docType(figure.docType)} · {figure.documentTitle}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {count > figures.length && (
        <p className="muted" data-testid="unplaced-shown">
          {t('compare.unplaced.shown', { shown: figures.length, count })}{' '}
          <button type="button" onClick={onMore}>
            {t('compare.unplaced.more', { count: Math.min(200, count - figures.length) })}
          </button>
        </p>
      )}
    </section>
  )
})
