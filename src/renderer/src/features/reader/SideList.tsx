import { memo, useEffect, useMemo, useRef } from 'react'
import type { Annotation, Label } from '../../../../shared/model'
import type { ProposalGroup } from '../../../../shared/suggest/groups'
import { useI18n } from '../../i18n/i18n'

const NO_GROUPS: readonly ProposalGroup[] = []
const NO_KEYS: ReadonlySet<string> = new Set()
/** The side list names this many annotations; the annotation table has them all. */
const SIDE_LIST_LIMIT = 50

/** The document's first annotations, in text order; memoised: sorting thousands is not free. */
export const SideList = memo(function SideList({
  annotations,
  labels,
  onSelect,
  groups = NO_GROUPS,
  expanded = NO_KEYS,
  currentGroup = null,
  onToggleGroup,
}: {
  annotations: readonly Annotation[]
  labels: Label[]
  onSelect: (id: string) => void
  groups?: readonly ProposalGroup[]
  expanded?: ReadonlySet<string>
  /** The folded group Tab stopped at: marked and scrolled into view. */
  currentGroup?: string | null
  onToggleGroup?: (key: string, open: boolean) => void
}) {
  const { t, locale } = useI18n()
  const first = useMemo(
    () => [...annotations].sort((a, b) => a.start - b.start).slice(0, SIDE_LIST_LIMIT),
    [annotations],
  )
  // A group's row stands where its first member would (the members follow it once expanded);
  // every group is listed, also past the annotations the list has room for: there are few.
  const rows = useMemo(() => {
    const items: Array<{ start: number; group?: ProposalGroup; annotation?: Annotation }> = [
      ...first.map((annotation) => ({ start: annotation.start, annotation })),
      ...groups.map((group) => ({ start: group.start, group })),
    ]
    return items.sort((a, b) => a.start - b.start || (a.group ? -1 : 0) - (b.group ? -1 : 0))
  }, [first, groups])
  const listRef = useRef<HTMLUListElement>(null)
  useEffect(() => {
    if (currentGroup !== null) listRef.current?.querySelector('.side-current')?.scrollIntoView({ block: 'nearest' })
  }, [currentGroup])
  const groupRow = (group: ProposalGroup) => (
    <li key={`group-${group.key}`} className={`side-suggested side-group${group.key === currentGroup ? ' side-current' : ''}`}>
      <button
        type="button"
        aria-expanded={expanded.has(group.key)}
        title={t('suggest.groupToggle')}
        data-testid="proposal-group"
        onClick={() => onToggleGroup?.(group.key, !expanded.has(group.key))}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
          onToggleGroup?.(group.key, event.key === 'ArrowRight')
          event.preventDefault()
        }}
      >
        <span className="side-label" style={{ color: labels.find((l) => l.key === 'commitment')?.color }}>
          {labelName(labels, 'commitment', locale)}
        </span>{' '}
        <span className="tag suggest-tag">×{group.members.length}</span> {expanded.has(group.key) ? '▾' : '▸'}{' '}
        {group.title || t('suggest.groupIntro')}
      </button>
    </li>
  )
  return (
    <>
      <ul className="side-list" data-testid="document-annotation-list" ref={listRef}>
        {rows.map(({ group, annotation }) => group ? groupRow(group) : annotation && (
          <li key={annotation.id} className={annotation.status === 'suggested' ? 'side-suggested' : undefined}>
            <button type="button" onClick={() => onSelect(annotation.id)}>
              <span className="side-label" style={{ color: labels.find((l) => l.key === annotation.label)?.color }}>
                {labelName(labels, annotation.label, locale)}
              </span>{' '}
              {annotation.status === 'suggested' && <span className="tag suggest-tag">{t('suggest.tag')}</span>}{' '}
              {annotation.quote.slice(0, 40)}
            </button>
          </li>
        ))}
      </ul>
      {annotations.length > SIDE_LIST_LIMIT && (
        <p className="muted">{t('annotate.more', { count: annotations.length - SIDE_LIST_LIMIT })}</p>
      )}
    </>
  )
})

export function labelName(labels: Label[], key: string, locale: 'zh-CN' | 'en'): string {
  return labels.find((label) => label.key === key)?.name[locale] ?? key
}
