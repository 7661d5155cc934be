import { memo, useEffect, useState, type KeyboardEvent } from 'react'
import type { AnnotationLinksResult, DocumentSummary } from '../../../../shared/api'
import { foldForMatching } from '../../../../shared/fold'
import {
  comparators,
  linkTypes,
  type Annotation,
  type AnnotationAttributes,
  type AnnotationLink,
  type Indicator,
  type Label,
} from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { afterNextPaint, useAnnotationVersionAfterPaint } from '../../state/after-paint'

type Change = Partial<Pick<Annotation, 'label' | 'attributes' | 'links'>>

interface AttributesPanelProps {
  annotation: Annotation
  labels: Label[]
  indicators: Indicator[]
  documents: DocumentSummary[]
  readOnly: boolean
  onChange: (change: Change) => void
  onDelete: () => void
  onOpenAnnotation: (documentId: string, annotationId: string) => void
  onIndicatorsChanged: () => void
  onError: (error: unknown) => void
  /** Label and attributes only, for a span that is not an annotation yet (the review's edit dialog). */
  attributesOnly?: boolean
}

const numberOrUndefined = (raw: string): number | undefined => {
  const trimmed = raw.trim()
  if (trimmed === '') return undefined
  const value = Number(trimmed.replace(/,/g, ''))
  return Number.isFinite(value) ? value : undefined
}

/** The annotation's links both ways, refreshed after each edit. */
function useLinks(annotation: Annotation, enabled: boolean): AnnotationLinksResult {
  const version = useAnnotationVersionAfterPaint()
  const [links, setLinks] = useState<AnnotationLinksResult>({ outgoing: [], incoming: [] })
  useEffect(() => {
    if (!enabled) return
    let current = true
    // Asked once the edit's frame is painted: a request started inside a keystroke's frame
    // costs that frame about a millisecond, for links that an edit elsewhere rarely changes.
    const cancel = afterNextPaint(() => {
      call('annotations.links', { documentId: annotation.documentId, id: annotation.id }).then(
        (result) => current && setLinks(result),
        // A brand-new annotation may not be saved yet; the next edit refreshes.
        () => undefined,
      )
    })
    return () => {
      current = false
      cancel()
    }
  }, [annotation.documentId, annotation.id, version, enabled])
  return links
}

// Memoised: the reader re-renders on every edit, and a panel whose annotation did not change
// would otherwise be rendered again (and its inputs touched) inside the keystroke's frame.
export const AttributesPanel = memo(function AttributesPanel(props: AttributesPanelProps) {
  const { annotation, labels, indicators, documents, readOnly, onChange } = props
  const { t, locale } = useI18n()
  const attributes = annotation.attributes
  const links = useLinks(annotation, !props.attributesOnly)
  const [indicatorDraft, setIndicatorDraft] = useState<string | null>(null)

  const setAttribute = <K extends keyof AnnotationAttributes>(key: K, value: AnnotationAttributes[K]) => {
    if (attributes[key] === value) return
    const next: AnnotationAttributes = { ...attributes }
    if (value === undefined || value === '') delete next[key]
    else next[key] = value
    onChange({ attributes: next })
  }

  const indicatorByText = (raw: string): Indicator | undefined => {
    const folded = foldForMatching(raw.trim())
    return indicators.find(
      (indicator) =>
        indicator.key === raw.trim() ||
        foldForMatching(indicator.name) === folded ||
        indicator.aliases.some((alias) => foldForMatching(alias) === folded),
    )
  }
  const currentIndicator = indicators.find((indicator) => indicator.key === attributes.indicator)

  const commitIndicator = (raw: string) => {
    if (raw.trim() === '') {
      setIndicatorDraft(null)
      setAttribute('indicator', undefined)
      return
    }
    const found = indicatorByText(raw)
    if (found) {
      setIndicatorDraft(null)
      setAttribute('indicator', found.key)
    } else setIndicatorDraft(raw.trim())
  }

  const createIndicator = async (name: string) => {
    try {
      await call('indicators.save', {
        indicator: { key: name, name, aliases: [], unit: attributes.unit ?? '', higherIsBetter: true },
      })
      props.onIndicatorsChanged()
      setIndicatorDraft(null)
      setAttribute('indicator', name)
    } catch (error) {
      props.onError(error)
    }
  }

  const numberField = (key: 'value' | 'valueMax' | 'periodYear' | 'deadlineYear', label: string, first = false) => (
    <label className="field">
      <span>{label}</span>
      <input
        key={`${key}:${attributes[key] ?? ''}`}
        data-first-field={first ? '' : undefined}
        data-field={key}
        inputMode="decimal"
        defaultValue={attributes[key] ?? ''}
        disabled={readOnly}
        onBlur={(event) => {
          const value = numberOrUndefined(event.target.value)
          if (key === 'periodYear' || key === 'deadlineYear') {
            setAttribute(key, value !== undefined && Number.isInteger(value) && value >= 1900 && value <= 2200 ? value : undefined)
          } else setAttribute(key, value)
        }}
        onKeyDown={commitOnEnter}
      />
    </label>
  )

  const titleOf = (documentId: string) => documents.find((doc) => doc.id === documentId)?.title ?? documentId
  const targets = new Map(links.outgoing.map(({ link, target }) => [link.annotationId, target]))
  const backlinks = links.incoming
  const linkTypeName = (type: AnnotationLink['type'], incoming: boolean) => t(`link.${type}${incoming ? '.incoming' : ''}`)

  return (
    <div className="attributes-panel" data-testid="attributes-panel">
      <div className="panel-quote" lang="zh">
        「{annotation.quote}」
      </div>
      <div className="field">
        <span>{t('attr.label')}</span>
        <select
          data-field="label"
          value={annotation.label}
          disabled={readOnly}
          onChange={(event) => onChange({ label: event.target.value })}
        >
          {labels.map((label) => (
            <option key={label.key} value={label.key}>
              {label.name[locale]}
              {label.shortcut ? ` (${label.shortcut})` : ''}
            </option>
          ))}
        </select>
      </div>
      <label className="field">
        <span>{t('attr.indicator')}</span>
        <input
          key={`indicator:${attributes.indicator ?? ''}`}
          data-first-field=""
          data-field="indicator"
          list="indicator-options"
          placeholder={t('attr.indicatorPlaceholder')}
          defaultValue={currentIndicator?.name ?? attributes.indicator ?? ''}
          disabled={readOnly}
          onBlur={(event) => commitIndicator(event.target.value)}
          onKeyDown={commitOnEnter}
        />
        <datalist id="indicator-options">
          {indicators.map((indicator) => (
            <option key={indicator.key} value={indicator.name}>
              {indicator.unit}
            </option>
          ))}
        </datalist>
      </label>
      {indicatorDraft && (
        <button type="button" className="inline-action" onClick={() => void createIndicator(indicatorDraft)}>
          {t('attr.createIndicator', { name: indicatorDraft })}
        </button>
      )}
      <div className="field-row">
        {numberField('value', t('attr.value'))}
        {numberField('valueMax', t('attr.valueMax'))}
      </div>
      <div className="field-row">
        <label className="field">
          <span>{t('attr.unit')}</span>
          <input
            key={`unit:${attributes.unit ?? ''}`}
            data-field="unit"
            defaultValue={attributes.unit ?? ''}
            disabled={readOnly}
            onBlur={(event) => setAttribute('unit', event.target.value.trim() || undefined)}
            onKeyDown={commitOnEnter}
          />
        </label>
        <label className="field">
          <span>{t('attr.comparator')}</span>
          <select
            data-field="comparator"
            value={attributes.comparator ?? ''}
            disabled={readOnly}
            onChange={(event) => setAttribute('comparator', (event.target.value || undefined) as AnnotationAttributes['comparator'])}
          >
            <option value="">—</option>
            {comparators.map((comparator) => (
              <option key={comparator} value={comparator}>
                {comparator.replace('>=', '≥').replace('<=', '≤')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field-row">
        {numberField('periodYear', t('attr.periodYear'))}
        {numberField('deadlineYear', t('attr.deadlineYear'))}
      </div>
      <label className="field">
        <span>{t('attr.note')}</span>
        <textarea
          key={`note:${attributes.note ?? ''}`}
          data-field="note"
          rows={2}
          defaultValue={attributes.note ?? ''}
          disabled={readOnly}
          onBlur={(event) => setAttribute('note', event.target.value.trim() || undefined)}
        />
      </label>

      {!props.attributesOnly && (
      <section className="links" aria-label={t('link.title')}>
        <h3>{t('link.title')}</h3>
        <ul data-testid="links">
          {annotation.links.map((link) => {
            const target = targets.get(link.annotationId)
            return (
              <li key={`${link.type}:${link.annotationId}`}>
                <span className="muted">{linkTypeName(link.type, false)}</span>{' '}
                <button type="button" className="link-button" onClick={() => props.onOpenAnnotation(link.documentId, link.annotationId)}>
                  「{target?.quote.slice(0, 30) ?? '…'}」 · {titleOf(link.documentId).slice(0, 16)}
                </button>
                {!readOnly && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('link.remove')}
                    onClick={() => onChange({ links: annotation.links.filter((other) => other !== link) })}
                  >
                    ×
                  </button>
                )}
              </li>
            )
          })}
          {backlinks.map(({ link, from }) => (
            <li key={`in:${from.id}:${link.type}`}>
              <span className="muted">{linkTypeName(link.type, true)}</span>{' '}
              <button type="button" className="link-button" onClick={() => props.onOpenAnnotation(from.documentId, from.id)}>
                「{from.quote.slice(0, 30)}」 · {titleOf(from.documentId).slice(0, 16)}
              </button>
            </li>
          ))}
          {annotation.links.length === 0 && backlinks.length === 0 && <li className="muted">{t('link.none')}</li>}
        </ul>
        {!readOnly && (
          <LinkPicker
            annotation={annotation}
            titleOf={titleOf}
            onLink={(link) => onChange({ links: [...annotation.links, link] })}
          />
        )}
      </section>
      )}

      {!readOnly && !props.attributesOnly && (
        <button type="button" className="danger" onClick={props.onDelete}>
          {t('attr.delete')} <kbd>Delete</kbd>
        </button>
      )}
    </div>
  )
})

function commitOnEnter(event: KeyboardEvent<HTMLInputElement>) {
  if (event.key === 'Enter') {
    event.preventDefault()
    event.currentTarget.blur()
    document.querySelector<HTMLElement>('[data-testid="document-text"]')?.focus({ preventScroll: true })
  }
}

interface LinkPickerProps {
  annotation: Annotation
  titleOf: (documentId: string) => string
  onLink: (link: AnnotationLink) => void
}

function LinkPicker({ annotation, titleOf, onLink }: LinkPickerProps) {
  const { t } = useI18n()
  const [type, setType] = useState<AnnotationLink['type']>('evidence-for')
  const [query, setQuery] = useState('')
  const [cursor, setCursor] = useState(0)
  const [found, setFound] = useState<{ query: string; annotations: Annotation[] }>({ query: '', annotations: [] })
  useEffect(() => {
    if (query.trim() === '') return
    let current = true
    call('annotations.search', { query, limit: 12, excludeId: annotation.id }).then(
      (annotations) => current && setFound({ query, annotations }),
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [query, annotation.id])
  const matches =
    query.trim() === '' || found.query !== query
      ? []
      : found.annotations.filter((other) => !annotation.links.some((link) => link.annotationId === other.id)).slice(0, 8)
  const pick = (target: Annotation) => {
    onLink({ type, annotationId: target.id, documentId: target.documentId })
    setQuery('')
  }
  return (
    <div className="link-picker">
      <div className="field-row">
        <select aria-label={t('link.type')} value={type} onChange={(event) => setType(event.target.value as AnnotationLink['type'])}>
          {linkTypes.map((linkType) => (
            <option key={linkType} value={linkType}>
              {t(`link.${linkType}`)}
            </option>
          ))}
        </select>
        <input
          type="search"
          placeholder={t('link.search')}
          aria-label={t('link.search')}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
            setCursor(0)
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') setCursor((c) => Math.min(matches.length - 1, c + 1))
            else if (event.key === 'ArrowUp') setCursor((c) => Math.max(0, c - 1))
            else if (event.key === 'Enter' && matches[cursor]) pick(matches[cursor])
            else return
            event.preventDefault()
          }}
        />
      </div>
      {matches.length > 0 && (
        <ul className="link-results" role="listbox">
          {matches.map((match, i) => (
            <li key={match.id} role="option" aria-selected={i === cursor}>
              <button type="button" onClick={() => pick(match)}>
                「{match.quote.slice(0, 30)}」 <span className="muted">{titleOf(match.documentId).slice(0, 20)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
