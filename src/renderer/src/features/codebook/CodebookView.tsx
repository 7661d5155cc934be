// The indicator codebook (DESIGN §5): list, create, edit, merge (annotations follow), import and
// export as JSON, and indicators suggested by alias for annotations that have none.
import { useEffect, useState } from 'react'
import type { IndicatorSuggestion } from '../../../../shared/api'
import { codebookFile, parseCodebookFile } from '../../../../shared/codebook'
import { IndicatorSchema, type Indicator } from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'

/** 20,000 indicators with many aliases stay far below this. */
const MAX_CODEBOOK_MEGABYTES = 10

interface CodebookViewProps {
  indicators: Indicator[]
  readOnly: boolean
  /** Whose annotations the suggestions read; only the workspace's own can take one. */
  source: string
  onChanged: () => void
  onSaved: (path: string) => void
  onError: (error: unknown) => void
}

const blank: Indicator = { key: '', name: '', aliases: [], unit: '', higherIsBetter: true }

/** Aliases are edited as one line; both 、 and , separate them. */
const splitAliases = (text: string) => [...new Set(text.split(/[,，、;；\n]/).map((alias) => alias.trim()).filter(Boolean))]

export function CodebookView({ indicators, readOnly, source, onChanged, onSaved, onError }: CodebookViewProps) {
  const { t } = useI18n()
  const [editing, setEditing] = useState<{ original: string | null; draft: Indicator; aliases: string } | null>(null)
  const [mergeFrom, setMergeFrom] = useState('')
  const [mergeInto, setMergeInto] = useState('')
  const [filter, setFilter] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const [suggestions, setSuggestions] = useState<IndicatorSuggestion[] | null>(null)

  useEffect(() => {
    let current = true
    call('indicators.suggestions', { source }).then(
      (found) => current && setSuggestions(found),
      (error: unknown) => current && onError(error),
    )
    return () => {
      current = false
    }
  }, [indicators, source, onError])

  const run = async (task: () => Promise<string | null>) => {
    try {
      setMessage(await task())
      onChanged()
    } catch (error) {
      onError(error)
    }
  }

  const save = () => {
    if (!editing) return
    const indicator = { ...editing.draft, aliases: splitAliases(editing.aliases) }
    const parsed = IndicatorSchema.safeParse(indicator)
    if (!parsed.success || indicator.key.trim() === '' || indicator.name.trim() === '') {
      setMessage(t('codebook.invalid'))
      return
    }
    if (editing.original === null && indicators.some((known) => known.key === indicator.key)) {
      setMessage(t('codebook.keyTaken', { key: indicator.key }))
      return
    }
    void run(async () => {
      await call('indicators.save', { indicator: parsed.data })
      setEditing(null)
      return t('codebook.savedOne', { name: indicator.name })
    })
  }

  const importFile = async (file: File) => {
    // Checked before reading: a huge file would stall the window for nothing.
    if (file.size > MAX_CODEBOOK_MEGABYTES * 1024 * 1024) {
      setMessage(t('codebook.importTooLarge', { file: file.name, megabytes: MAX_CODEBOOK_MEGABYTES }))
      return
    }
    const indicatorsRead = parseCodebookFile(await file.text())
    if (!indicatorsRead) {
      setMessage(t('codebook.importInvalid', { file: file.name }))
      return
    }
    await run(async () => {
      await call('indicators.import', { indicators: indicatorsRead })
      return t('codebook.imported', { count: indicatorsRead.length })
    })
  }

  const exportFile = async () => {
    try {
      const saved = await call('compare.saveFile', { defaultName: 'codebook.json', extension: 'json', text: JSON.stringify(codebookFile(indicators), null, 2) })
      if (saved) onSaved(saved.path)
    } catch (error) {
      onError(error)
    }
  }

  const wanted = filter.trim().toLowerCase()
  const shown = wanted
    ? indicators.filter((indicator) => [indicator.key, indicator.name, ...indicator.aliases].some((text) => text.toLowerCase().includes(wanted)))
    : indicators
  const nameOf = (key: string) => indicators.find((indicator) => indicator.key === key)?.name ?? key

  return (
    <div className="codebook" data-testid="codebook">
      <div className="library-toolbar wrap">
        <input className="filter" type="search" placeholder={t('codebook.filter')} aria-label={t('codebook.filter')} value={filter} onChange={(event) => setFilter(event.target.value)} />
        <span className="muted">{t('codebook.count', { count: indicators.length })}</span>
        <span className="spacer" />
        {!readOnly && (
          <button type="button" onClick={() => setEditing({ original: null, draft: { ...blank }, aliases: '' })}>
            {t('codebook.new')}
          </button>
        )}
        {!readOnly && (
          <label className="file-button">
            {t('codebook.import')}
            <input
              type="file"
              accept=".json,application/json"
              aria-label={t('codebook.import')}
              onChange={(event) => {
                const file = event.target.files?.[0]
                event.target.value = ''
                if (file) void importFile(file)
              }}
            />
          </label>
        )}
        <button type="button" onClick={() => void exportFile()}>
          {t('codebook.export')}
        </button>
      </div>
      {message && (
        <p className="muted" role="status">
          {message}
        </p>
      )}
      {editing && (
        <form
          className="codebook-editor"
          onSubmit={(event) => {
            event.preventDefault()
            save()
          }}
        >
          <label className="field">
            <span>{t('codebook.key')}</span>
            <input value={editing.draft.key} disabled={editing.original !== null} onChange={(event) => setEditing({ ...editing, draft: { ...editing.draft, key: event.target.value } })} />
          </label>
          <label className="field">
            <span>{t('codebook.name')}</span>
            <input value={editing.draft.name} onChange={(event) => setEditing({ ...editing, draft: { ...editing.draft, name: event.target.value } })} />
          </label>
          <label className="field wide">
            <span>{t('codebook.aliases')}</span>
            <input value={editing.aliases} placeholder={t('codebook.aliasesHint')} onChange={(event) => setEditing({ ...editing, aliases: event.target.value })} />
          </label>
          <label className="field">
            <span>{t('codebook.unit')}</span>
            <input value={editing.draft.unit} onChange={(event) => setEditing({ ...editing, draft: { ...editing.draft, unit: event.target.value } })} />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={editing.draft.higherIsBetter}
              onChange={(event) => setEditing({ ...editing, draft: { ...editing.draft, higherIsBetter: event.target.checked } })}
            />
            {t('codebook.higherIsBetter')}
          </label>
          <button type="submit">{t('settings.save')}</button>
          <button type="button" onClick={() => setEditing(null)}>
            {t('codebook.cancel')}
          </button>
        </form>
      )}
      {!readOnly && (
        <div className="library-toolbar wrap codebook-merge">
          <span>{t('codebook.merge')}</span>
          <select aria-label={t('codebook.mergeFrom')} value={mergeFrom} onChange={(event) => setMergeFrom(event.target.value)}>
            <option value="">{t('codebook.mergeFrom')}</option>
            {indicators.map((indicator) => (
              <option key={indicator.key} value={indicator.key}>
                {indicator.name}
              </option>
            ))}
          </select>
          <span>→</span>
          <select aria-label={t('codebook.mergeInto')} value={mergeInto} onChange={(event) => setMergeInto(event.target.value)}>
            <option value="">{t('codebook.mergeInto')}</option>
            {indicators.map((indicator) => (
              <option key={indicator.key} value={indicator.key}>
                {indicator.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!mergeFrom || !mergeInto || mergeFrom === mergeInto}
            onClick={() =>
              void run(async () => {
                const { moved } = await call('indicators.merge', { from: mergeFrom, into: mergeInto })
                const message = t('codebook.merged', { from: nameOf(mergeFrom), into: nameOf(mergeInto), moved })
                setMergeFrom('')
                return message
              })
            }
          >
            {t('codebook.mergeButton')}
          </button>
        </div>
      )}
      {suggestions && suggestions.length > 0 && (
        <section className="codebook-suggestions" aria-label={t('codebook.suggestions')}>
          <h3>{t('codebook.suggestions')}</h3>
          <ul>
            {suggestions.slice(0, 50).map(({ annotation, indicator }) => (
              <li key={annotation.id}>
                <span className="quote-cell">{annotation.quote}</span> → <strong>{nameOf(indicator)}</strong>{' '}
                {!readOnly && source === 'workspace' && (
                  <button
                    type="button"
                    onClick={() =>
                      void run(async () => {
                        await call('annotations.update', { documentId: annotation.documentId, id: annotation.id, attributes: { ...annotation.attributes, indicator } })
                        return null
                      })
                    }
                  >
                    {t('codebook.accept')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <table className="data-table compact codebook-table">
        <thead>
          <tr>
            <th>{t('codebook.key')}</th>
            <th>{t('codebook.name')}</th>
            <th>{t('codebook.aliases')}</th>
            <th>{t('codebook.unit')}</th>
            <th>{t('codebook.direction')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((indicator) => (
            <tr key={indicator.key} data-indicator={indicator.key}>
              <td>
                <code>{indicator.key}</code>
              </td>
              <td>{indicator.name}</td>
              <td className="muted">{indicator.aliases.join('、')}</td>
              <td className="nowrap">{indicator.unit}</td>
              <td className="nowrap">{indicator.higherIsBetter ? t('compare.higherIsBetter') : t('compare.lowerIsBetter')}</td>
              <td className="nowrap">
                {!readOnly && (
                  <>
                    <button type="button" onClick={() => setEditing({ original: indicator.key, draft: { ...indicator }, aliases: indicator.aliases.join('、') })}>
                      {t('codebook.edit')}
                    </button>{' '}
                    <button type="button" onClick={() => void run(async () => (await call('indicators.delete', { key: indicator.key }), t('codebook.deleted', { name: indicator.name })))}>
                      {t('settings.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
