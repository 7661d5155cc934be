import { useState } from 'react'
import type { ImportFileResult, ImportPreview, ImportPreviewBatch } from '../../../../shared/api'
import { documentTypes, type DocumentMeta } from '../../../../shared/model'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'

/** Encodings offered as a manual override for text and web pages. */
const encodings = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5'] as const

interface Choice {
  disabledRules: string[]
  title: string
  meta: DocumentMeta
}

const choiceFor = (preview: ImportPreview): Choice => ({ disabledRules: [], title: preview.title, meta: preview.meta })

interface ImportDialogProps {
  batch: ImportPreviewBatch
  onDone: (results: ImportFileResult[]) => void
  onError: (error: unknown) => void
}

export function ImportDialog({ batch, onDone, onError }: ImportDialogProps) {
  const { t, docType } = useI18n()
  const [previews, setPreviews] = useState(batch.previews)
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(batch.previews.map((preview) => [preview.token, choiceFor(preview)])),
  )
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)

  const change = (token: string, update: (choice: Choice) => Choice) =>
    setChoices((all) => ({ ...all, [token]: update(all[token]) }))

  const reencode = async (preview: ImportPreview, encoding: string) => {
    try {
      const fresh = await call('import.reencode', { token: preview.token, encoding })
      setPreviews((all) => all.map((p) => (p.token === preview.token ? fresh : p)))
      change(preview.token, (choice) => ({ ...choice, meta: fresh.meta, title: fresh.title }))
    } catch (error) {
      onError(error)
    }
  }

  const confirm = async () => {
    const results: ImportFileResult[] = []
    setProgress({ done: 0, total: previews.length })
    // One file per call, so the bar moves and a failure stops nothing.
    for (const [index, preview] of previews.entries()) {
      const choice = choices[preview.token]
      try {
        results.push(...(await call('import.confirm', { items: [{ token: preview.token, disabledRules: choice.disabledRules, title: choice.title, meta: choice.meta }] })))
      } catch (error) {
        onError(error)
      }
      setProgress({ done: index + 1, total: previews.length })
    }
    onDone(results)
  }

  const cancel = async () => {
    await call('import.discard', { tokens: previews.map((preview) => preview.token) }).catch(onError)
    onDone([])
  }

  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-label={t('import.title')} data-testid="import-dialog">
      <div className="dialog">
        <header className="dialog-header">
          <h2>{t('import.title')}</h2>
          <span className="muted">{t('import.summary', { files: previews.length, failed: batch.failures.length })}</span>
        </header>
        <div className="dialog-body">
          {batch.failures.map((failure) => (
            <div key={failure.fileName} className="import-card failed" data-testid="import-failure">
              <strong>{failure.fileName}</strong>
              <p className="error-text">{failure.error.message}</p>
            </div>
          ))}
          {previews.map((preview) => {
            const choice = choices[preview.token]
            const setMeta = (meta: Partial<DocumentMeta>) => change(preview.token, (c) => ({ ...c, meta: { ...c.meta, ...meta } }))
            return (
              <section key={preview.token} className="import-card" data-testid="import-preview" data-file={preview.fileName}>
                <header className="import-card-header">
                  <strong>{preview.fileName}</strong>
                  <span className="tag">{preview.format}</span>
                  <span className="muted">{t('import.characters', { count: preview.characters })}</span>
                  {(preview.format === 'txt' || preview.format === 'html') && (
                    <label className="inline-field">
                      {t('import.encoding')}
                      <select value={preview.encoding} onChange={(event) => void reencode(preview, event.target.value)}>
                        {[...new Set([preview.encoding, ...encodings])].map((encoding) => (
                          <option key={encoding} value={encoding}>
                            {encoding}
                            {encoding === preview.detectedEncoding ? ` (${t('import.detected')})` : ''}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}
                  {preview.warnings.length > 0 && <span className="tag tag-warning">{preview.warnings.join(' · ')}</span>}
                </header>
                <div className="import-columns">
                  <div>
                    <h3>{t('import.cleanup')}</h3>
                    {preview.cleanup.length === 0 && <p className="muted">{t('import.noCleanup')}</p>}
                    {preview.cleanup.map((rule) => (
                      <div key={rule.ruleId} className="cleanup-rule">
                        <label className="checkbox" title={rule.why}>
                          <input
                            type="checkbox"
                            data-rule={rule.ruleId}
                            checked={!choice.disabledRules.includes(rule.ruleId)}
                            onChange={(event) =>
                              change(preview.token, (c) => ({
                                ...c,
                                disabledRules: event.target.checked ? c.disabledRules.filter((id) => id !== rule.ruleId) : [...c.disabledRules, rule.ruleId],
                              }))
                            }
                          />
                          {rule.name} <span className="muted">({t('import.changes', { count: rule.changes })})</span>
                        </label>
                        {rule.examples.slice(0, 1).map((example, i) => (
                          <div key={i} className="cleanup-example" lang="zh">
                            <del>{example.before.replace(/\n/g, '↵')}</del>
                            <ins>{example.after.replace(/\n/g, '↵')}</ins>
                          </div>
                        ))}
                      </div>
                    ))}
                    <details>
                      <summary>{t('import.excerpt')}</summary>
                      <pre className="excerpt" lang="zh">{preview.excerpt}</pre>
                    </details>
                  </div>
                  <div className="import-meta">
                    <h3>{t('import.metadata')}</h3>
                    <label className="field">
                      <span>{t('library.column.title')}</span>
                      <input value={choice.title} onChange={(event) => change(preview.token, (c) => ({ ...c, title: event.target.value }))} />
                    </label>
                    <div className="field-row">
                      <label className="field">
                        <span>{t('reader.meta.year')}</span>
                        <input
                          data-meta="year"
                          inputMode="numeric"
                          value={choice.meta.year ?? ''}
                          onChange={(event) => setMeta({ year: /^\d{4}$/.test(event.target.value) ? Number(event.target.value) : null })}
                        />
                      </label>
                      <label className="field">
                        <span>{t('import.date')}</span>
                        <input value={choice.meta.date ?? ''} onChange={(event) => setMeta({ date: event.target.value || null })} />
                      </label>
                    </div>
                    <label className="field">
                      <span>{t('reader.meta.docNumber')}</span>
                      <input value={choice.meta.docNumber ?? ''} onChange={(event) => setMeta({ docNumber: event.target.value || null })} />
                    </label>
                    <label className="field">
                      <span>{t('import.issuer')}</span>
                      <input value={choice.meta.issuer ?? ''} onChange={(event) => setMeta({ issuer: event.target.value || null })} />
                    </label>
                    <div className="field-row">
                      <label className="field">
                        <span>{t('reader.meta.type')}</span>
                        <select data-meta="docType" value={choice.meta.docType} onChange={(event) => setMeta({ docType: event.target.value as DocumentMeta['docType'] })}>
                          {documentTypes.map((type) => (
                            <option key={type} value={type}>
                              {docType(type)}
                            </option>
                          ))}
                        </select>
                      </label>
                      <label className="field">
                        <span>{t('reader.meta.script')}</span>
                        <select value={choice.meta.script} onChange={(event) => setMeta({ script: event.target.value as DocumentMeta['script'] })}>
                          <option value="zh-Hans">{t('script.zh-Hans')}</option>
                          <option value="zh-Hant">{t('script.zh-Hant')}</option>
                        </select>
                      </label>
                    </div>
                  </div>
                </div>
              </section>
            )
          })}
        </div>
        <footer className="dialog-footer">
          {progress && (
            <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
              <div className="progress-bar" style={{ width: `${(100 * progress.done) / Math.max(1, progress.total)}%` }} />
              <span>{t('import.progress', { done: progress.done, total: progress.total })}</span>
            </div>
          )}
          <button type="button" onClick={() => void cancel()} disabled={progress !== null}>
            {t('import.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void confirm()} disabled={previews.length === 0 || progress !== null}>
            {t('import.confirm', { count: previews.length })}
          </button>
        </footer>
      </div>
    </div>
  )
}
