// The reader's suggestion controls: run the engine on this document or on all of them (with a
// progress bar), and filter the proposals shown by label and confidence.
import { memo, useState } from 'react'
import type { DocumentSummary } from '../../../../shared/api'
import type { Label } from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { annotationStore } from '../../state/annotation-store'
import { CONFIDENCE_STEPS, type SuggestFilter } from './suggestions'
import { LabelSelect } from '../../components/LabelSelect'

interface SuggestBarProps {
  documentId: string
  documents: DocumentSummary[]
  labels: Label[]
  readOnly: boolean
  /** Proposals passing the filters (folded ones included). */
  suggestedCount: number
  /** Of these, proposed commitments folded by section. */
  foldedCount?: number
  filter: SuggestFilter
  onFilter: (filter: SuggestFilter) => void
  onError: (error: unknown) => void
}

/** Memoised: the reader re-renders on every caret step, and this bar has nothing to do with those. */
export const SuggestBar = memo(function SuggestBar({ documentId, documents, labels, readOnly, suggestedCount, foldedCount = 0, filter, onFilter, onError }: SuggestBarProps) {
  const { t, number } = useI18n()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [added, setAdded] = useState<number | null>(null)

  const run = async (ids: string[]) => {
    setProgress({ done: 0, total: ids.length })
    setAdded(null)
    let count = 0
    try {
      for (const [i, id] of ids.entries()) {
        const result = await call('suggest.document', { documentId: id })
        count += result.added.length
        if (result.added.length > 0 && annotationStore.isLoaded(id)) await annotationStore.load(id)
        setProgress({ done: i + 1, total: ids.length })
      }
      setAdded(count)
    } catch (error) {
      onError(error)
    } finally {
      setProgress(null)
    }
  }

  return (
    <div className="suggest-bar" role="group" aria-label={t('suggest.document')} data-testid="suggest-bar">
      <button
        type="button"
        data-testid="suggest-document"
        title={t('suggest.documentTitle')}
        disabled={readOnly || progress !== null}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => void run([documentId])}
      >
        {t('suggest.document')}
      </button>
      <button
        type="button"
        data-testid="suggest-workspace"
        disabled={readOnly || progress !== null || documents.length === 0}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => void run(documents.map((doc) => doc.id))}
      >
        {t('suggest.workspace')}
      </button>
      {progress && (
        <label className="suggest-progress">
          <progress value={progress.done} max={progress.total} data-testid="suggest-progress" />
          {t('suggest.progress', { done: progress.done, total: progress.total })}
        </label>
      )}
      {added !== null && !progress && (
        <span className="muted" data-testid="suggest-added" role="status">
          {t('suggest.done', { count: number(added) })}
        </span>
      )}
      <LabelSelect
        labels={labels}
        value={filter.label}
        onChange={(label) => onFilter({ ...filter, label })}
        name={t('suggest.filterLabel')}
        allText={t('suggest.allLabels')}
        testId="suggest-filter-label"
      />
      <select
        aria-label={t('suggest.minConfidence')}
        data-testid="suggest-filter-confidence"
        value={String(filter.minConfidence)}
        onChange={(event) => onFilter({ ...filter, minConfidence: Number(event.target.value) })}
      >
        {CONFIDENCE_STEPS.map((step) => (
          <option key={step} value={String(step)}>
            {step === 0 ? t('suggest.anyConfidence') : `≥ ${step}`}
          </option>
        ))}
      </select>
      <span className="muted" data-testid="suggest-count">
        {t('suggest.count', { count: number(suggestedCount) })}
      </span>
      {foldedCount > 0 && (
        <span className="muted" data-testid="suggest-folded">
          {t('suggest.folded', { count: number(foldedCount) })}
        </span>
      )}
      {suggestedCount > 0 && <span className="muted keyboard-hint">{t('suggest.keys')}</span>}
    </div>
  )
})
