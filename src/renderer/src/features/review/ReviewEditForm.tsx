// The review's edit dialog (E): the reader's attribute fields and the reader's keys for the span.
import { useEffect, useState } from 'react'
import type { DocumentSummary } from '../../../../shared/api'
import type { Annotation, Indicator, Label } from '../../../../shared/model'
import type { DecidedSpan } from '../../../../shared/review'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { AttributesPanel } from '../annotations/AttributesPanel'
import { CONTEXT } from './ReviewLane'

/** One code point left or right of `at` (a surrogate pair is one character). */
function step(text: string, at: number, direction: -1 | 1): number {
  const next = at + direction
  if (next <= 0) return 0
  if (next >= text.length) return text.length
  const code = text.charCodeAt(next)
  // Landing between a high and a low surrogate: go one further.
  return code >= 0xdc00 && code <= 0xdfff ? next + direction : next
}

/**
 * The edit dialog (E): the reader's side panel for label and attributes (indicator by name,
 * value, unit, comparator, years), and the span moved with the reader's keys — Alt+←/→ its
 * start, Shift+Alt+←/→ its end — never typed as offsets.
 */
export function EditForm({
  text,
  documentId,
  span,
  labels,
  documents,
  onSave,
  onCancel,
  onIndicatorsChanged,
  onError,
}: {
  text: string
  documentId: string
  span: DecidedSpan
  labels: Label[]
  documents: DocumentSummary[]
  onSave: (span: DecidedSpan) => void
  onCancel: () => void
  onIndicatorsChanged: () => void
  onError: (error: unknown) => void
}) {
  const { t } = useI18n()
  const [draft, setDraft] = useState(span)
  const [indicators, setIndicators] = useState<Indicator[]>([])
  const [indicatorsVersion, setIndicatorsVersion] = useState(0)
  useEffect(() => {
    let current = true
    call('workspace.info', {}).then((info) => current && setIndicators(info.indicators), onError)
    return () => {
      current = false
    }
  }, [indicatorsVersion, onError])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        onCancel()
        return
      }
      if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return
      event.preventDefault()
      const direction = event.key === 'ArrowLeft' ? -1 : 1
      setDraft((current) => {
        if (event.shiftKey) {
          const end = step(text, current.end, direction)
          return end > current.start ? { ...current, end } : current
        }
        const start = step(text, current.start, direction)
        return start < current.end ? { ...current, start } : current
      })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [text, onCancel])
  const annotation: Annotation = {
    id: 'review-draft',
    documentId,
    start: draft.start,
    end: draft.end,
    quote: text.slice(draft.start, draft.end),
    prefix: '',
    suffix: '',
    label: draft.label,
    attributes: draft.attributes,
    links: [],
    status: 'accepted',
    author: '',
    createdAt: '',
    updatedAt: '',
  }
  const before = text.slice(Math.max(0, draft.start - CONTEXT), draft.start)
  const after = text.slice(draft.end, draft.end + CONTEXT)
  return (
    <form
      className="review-edit"
      data-testid="review-edit"
      onSubmit={(event) => {
        event.preventDefault()
        onSave(draft)
      }}
    >
      <p className="review-edit-preview">
        <span className="muted">…{before}</span>
        <mark data-testid="review-edit-span">{annotation.quote}</mark>
        <span className="muted">{after}…</span>
      </p>
      <p className="muted keyboard-hint">{t('review.editKeys')}</p>
      <AttributesPanel
        annotation={annotation}
        labels={labels}
        indicators={indicators}
        documents={documents}
        readOnly={false}
        attributesOnly
        onChange={(change) => setDraft((current) => ({ ...current, ...(change.label ? { label: change.label } : {}), ...(change.attributes ? { attributes: change.attributes } : {}) }))}
        onDelete={() => undefined}
        onOpenAnnotation={() => undefined}
        onIndicatorsChanged={() => {
          setIndicatorsVersion((n) => n + 1)
          onIndicatorsChanged()
        }}
        onError={onError}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {t('review.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('review.cancel')}
        </button>
      </div>
    </form>
  )
}
