import type { KeyboardEvent, RefObject } from 'react'
import { useI18n } from '../../i18n/i18n'
import type { Find } from './find'

interface FindBarProps {
  find: Find
  inputRef: RefObject<HTMLInputElement | null>
  /** Esc or ×: the bar closes and the text takes the focus, with the current hit selected. */
  onClose: () => void
}

export function FindBar({ find, inputRef, onClose }: FindBarProps) {
  const { t } = useI18n()
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === 'F3') find.step(event.shiftKey ? -1 : 1)
    else if (event.key === 'Escape') onClose()
    else return
    event.preventDefault()
    // The reader's own keys (Esc goes back to the library) must not see these.
    event.stopPropagation()
  }
  const nothing = find.query.trim() !== '' && find.hits.length === 0
  return (
    <div className="find-bar" role="search">
      <input
        ref={inputRef}
        type="search"
        value={find.query}
        placeholder={t('find.placeholder')}
        aria-label={t('find.placeholder')}
        aria-invalid={nothing}
        spellCheck={false}
        onChange={(event) => find.search(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span className={nothing ? 'find-count find-none' : 'find-count'} data-testid="find-count" aria-live="polite">
        {nothing ? t('find.none') : find.query.trim() === '' ? '' : t('find.count', { n: find.index + 1, m: find.hits.length })}
      </span>
      <button type="button" aria-label={t('find.previous')} title={t('find.previous')} disabled={find.hits.length === 0} onClick={() => find.step(-1)}>
        ↑
      </button>
      <button type="button" aria-label={t('find.next')} title={t('find.next')} disabled={find.hits.length === 0} onClick={() => find.step(1)}>
        ↓
      </button>
      <button type="button" className="link-button" aria-label={t('find.close')} title={t('find.close')} onClick={onClose}>
        ✕
      </button>
      <span className="muted keyboard-hint">{t('find.keys')}</span>
    </div>
  )
}
