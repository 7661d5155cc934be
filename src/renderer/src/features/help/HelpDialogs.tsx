// Help: the shortcut overview of the current view (? or F1) and About (version, workspace folder,
// data folder). Both are modal, take the focus, and close with Esc.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { AppInfo } from '../../../../shared/api'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { shortcutsFor, type HelpView } from './shortcuts'

function Modal({ label, testId, onClose, children }: { label: string; testId: string; onClose: () => void; children: ReactNode }) {
  const { t } = useI18n()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    ref.current?.focus()
    return () => before?.focus({ preventScroll: true })
  }, [])
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys stay in the dialog: the view behind must not act on them.
    event.stopPropagation()
    if (event.key === 'Escape') {
      event.preventDefault()
      onClose()
    }
  }
  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="dialog help-dialog" role="dialog" aria-modal="true" aria-label={label} data-testid={testId} tabIndex={-1} ref={ref} onKeyDown={onKeyDown}>
        <header className="dialog-header">
          <h2>{label}</h2>
          <button type="button" onClick={onClose}>
            {t('help.close')} <kbd>Esc</kbd>
          </button>
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  )
}

export function ShortcutOverview({ view, onClose }: { view: HelpView; onClose: () => void }) {
  const { t, locale } = useI18n()
  return (
    <Modal label={t('help.shortcutsOf', { view: t(`help.view.${view}`) })} testId="shortcut-overview" onClose={onClose}>
      <div className="shortcut-groups">
        {shortcutsFor(view).map((group) => (
          <section key={group.title.en}>
            <h3>{group.title[locale]}</h3>
            <table className="shortcut-table">
              <tbody>
                {group.shortcuts.map((shortcut, i) => (
                  <tr key={i}>
                    <th scope="row">
                      {shortcut.keys.map((key) => (
                        <kbd key={key}>{key}</kbd>
                      ))}
                    </th>
                    <td>{shortcut.text[locale]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Modal>
  )
}

export function AboutDialog({ onClose, onError }: { onClose: () => void; onError: (error: unknown) => void }) {
  const { t } = useI18n()
  const [info, setInfo] = useState<AppInfo | null>(null)
  useEffect(() => {
    call('app.info', {}).then(setInfo, onError)
  }, [onError])
  return (
    <Modal label={t('help.about')} testId="about-dialog" onClose={onClose}>
      <p className="about-title">{t('appTitle')}</p>
      <dl className="about-list">
        <dt>{t('help.version')}</dt>
        <dd data-testid="about-version">{info?.version ?? '…'}</dd>
        <dt>{t('help.workspace')}</dt>
        <dd data-testid="about-workspace">{info ? (info.workspaceDir ?? t('help.none')) : '…'}</dd>
        <dt>{t('help.dataDir')}</dt>
        <dd data-testid="about-data">{info ? (info.dataDir ?? t('help.none')) : '…'}</dd>
      </dl>
      <p className="muted">{t('help.offline')}</p>
    </Modal>
  )
}

/** The Help button of the top bar: 快捷键 and 关于 in a small menu. */
export function HelpMenu({ onShortcuts, onAbout }: { onShortcuts: () => void; onAbout: () => void }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const choose = (action: () => void) => {
    setOpen(false)
    action()
  }
  return (
    <span className="help-menu">
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((shown) => !shown)} onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
        {t('help.menu')}
      </button>
      {open && (
        <span className="help-menu-list" role="menu">
          <button type="button" role="menuitem" onClick={() => choose(onShortcuts)}>
            {t('help.shortcuts')} <kbd>?</kbd>
          </button>
          <button type="button" role="menuitem" onClick={() => choose(onAbout)}>
            {t('help.about')}
          </button>
        </span>
      )}
    </span>
  )
}
