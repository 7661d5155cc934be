import { useState } from 'react'
import { MAX_IMPORT_ROWS_CEILING, type Label, type Settings } from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { TeamSyncSettings } from '../sync/TeamSyncSettings'

interface SettingsViewProps {
  settings: Settings
  labels: Label[]
  readOnly: boolean
  onChanged: () => void
  onError: (error: unknown) => void
}

const emptyLabel = (): Label => ({ key: '', name: { 'zh-CN': '', en: '' }, color: '#7048e8', shortcut: null })

export function SettingsView({ settings, labels, readOnly, onChanged, onError }: SettingsViewProps) {
  const { t } = useI18n()
  const [draft, setDraft] = useState<Label>(emptyLabel)

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action()
      onChanged()
    } catch (error) {
      onError(error)
    }
  }

  return (
    <section className="settings" aria-label={t('settings.title')}>
      <h2>{t('settings.title')}</h2>
      <label className="field">
        <span>{t('settings.annotator')}</span>
        <input
          key={settings.annotator}
          defaultValue={settings.annotator}
          disabled={readOnly}
          onBlur={(event) => {
            const annotator = event.target.value.trim()
            if (annotator !== settings.annotator) void run(() => call('settings.update', { annotator }))
          }}
        />
      </label>
      <label className="field">
        <span>{t('settings.maxImport')}</span>
        <input
          key={settings.maxImportMegabytes}
          data-setting="maxImportMegabytes"
          inputMode="numeric"
          defaultValue={settings.maxImportMegabytes}
          disabled={readOnly}
          onBlur={(event) => {
            const value = Number(event.target.value)
            if (Number.isInteger(value) && value >= 1 && value <= 2048 && value !== settings.maxImportMegabytes) {
              void run(() => call('settings.update', { maxImportMegabytes: value }))
            }
          }}
        />
      </label>
      <label className="field">
        <span>{t('settings.maxImportRows')}</span>
        <input
          key={settings.maxImportRows}
          data-setting="maxImportRows"
          inputMode="numeric"
          defaultValue={settings.maxImportRows}
          disabled={readOnly}
          title={t('settings.maxImportRowsHint', { max: MAX_IMPORT_ROWS_CEILING })}
          onBlur={(event) => {
            const value = Number(event.target.value)
            if (Number.isInteger(value) && value >= 1 && value <= MAX_IMPORT_ROWS_CEILING && value !== settings.maxImportRows) {
              void run(() => call('settings.update', { maxImportRows: value }))
            }
          }}
        />
      </label>
      <h3>{t('settings.labels')}</h3>
      <table className="data-table compact labels-table">
        <thead>
          <tr>
            <th>{t('settings.labelKey')}</th>
            <th>{t('settings.labelZh')}</th>
            <th>{t('settings.labelEn')}</th>
            <th>{t('settings.labelColor')}</th>
            <th>{t('settings.labelShortcut')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {labels.map((label) => (
            <tr key={label.key}>
              <td>
                <code>{label.key}</code>
              </td>
              <td>{label.name['zh-CN']}</td>
              <td>{label.name.en}</td>
              <td>
                <input
                  type="color"
                  aria-label={`${t('settings.labelColor')} ${label.key}`}
                  defaultValue={label.color}
                  disabled={readOnly}
                  onBlur={(event) => event.target.value !== label.color && void run(() => call('labels.save', { label: { ...label, color: event.target.value } }))}
                />
              </td>
              <td>{label.shortcut ? <kbd>{label.shortcut}</kbd> : '—'}</td>
              <td>
                {!readOnly && (
                  <button type="button" onClick={() => void run(() => call('labels.delete', { key: label.key }))}>
                    {t('settings.delete')}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {!readOnly && (
            <tr>
              <td>
                <input aria-label={t('settings.labelKey')} value={draft.key} onChange={(event) => setDraft({ ...draft, key: event.target.value.trim() })} />
              </td>
              <td>
                <input aria-label={t('settings.labelZh')} value={draft.name['zh-CN']} onChange={(event) => setDraft({ ...draft, name: { ...draft.name, 'zh-CN': event.target.value } })} />
              </td>
              <td>
                <input aria-label={t('settings.labelEn')} value={draft.name.en} onChange={(event) => setDraft({ ...draft, name: { ...draft.name, en: event.target.value } })} />
              </td>
              <td>
                <input type="color" aria-label={t('settings.labelColor')} value={draft.color} onChange={(event) => setDraft({ ...draft, color: event.target.value })} />
              </td>
              <td>
                <input
                  aria-label={t('settings.labelShortcut')}
                  maxLength={1}
                  size={2}
                  value={draft.shortcut ?? ''}
                  onChange={(event) => setDraft({ ...draft, shortcut: event.target.value || null })}
                />
              </td>
              <td>
                <button
                  type="button"
                  disabled={draft.key === '' || draft.name['zh-CN'] === ''}
                  onClick={() =>
                    void run(async () => {
                      await call('labels.save', { label: { ...draft, name: { 'zh-CN': draft.name['zh-CN'], en: draft.name.en || draft.name['zh-CN'] } } })
                      setDraft(emptyLabel())
                    })
                  }
                >
                  {t('settings.add')}
                </button>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <TeamSyncSettings readOnly={readOnly} onSynced={onChanged} onError={onError} />
    </section>
  )
}
