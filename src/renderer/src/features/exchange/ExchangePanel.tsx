// Export and import of annotation files (issue 6). Imports become sources for review; the
// workspace's own annotations are never changed by them.
import { useState } from 'react'
import type { ExchangeExportResult, ExchangeImportBatch } from '../../../../shared/api'
import { exchangeFormats, type ExchangeFormat, type ExportLoss } from '../../../../shared/exchange/common'
import { WORKSPACE_SOURCE_ID, type SourceSummary } from '../../../../shared/review'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import type { MessageKey } from '../../i18n/messages'
import { exportAskingAnnotator, settleDuplicates } from './prompts'

interface ExchangePanelProps {
  sources: SourceSummary[]
  /** The document under review, which the export can be limited to. */
  currentDocumentId: string | null
  readOnly: boolean
  onImported: () => void
  onError: (error: unknown) => void
}

export function ExchangePanel({ sources, currentDocumentId, readOnly, onImported, onError }: ExchangePanelProps) {
  const { t } = useI18n()
  const [format, setFormat] = useState<ExchangeFormat>('json')
  const [sourceId, setSourceId] = useState(WORKSPACE_SOURCE_ID)
  const [includeText, setIncludeText] = useState(false)
  const [onlyCurrent, setOnlyCurrent] = useState(false)
  const [name, setName] = useState('')
  const [exported, setExported] = useState<ExchangeExportResult | null>(null)
  const [imported, setImported] = useState<ExchangeImportBatch | null>(null)

  const runExport = async () => {
    try {
      const documentIds = onlyCurrent && currentDocumentId ? [currentDocumentId] : undefined
      // No file leaves without an annotator's name: main refuses, and the user is asked for one.
      const result = await exportAskingAnnotator(() => call('exchange.export', { format, sourceId, includeText, ...(documentIds ? { documentIds } : {}) }))
      if (result) setExported(result)
    } catch (caught) {
      onError(caught)
    }
  }
  const runImport = async () => {
    try {
      const batch = await settleDuplicates(await call('exchange.import', { ...(name.trim() ? { name: name.trim() } : {}) }))
      if (batch.reports.length === 0 && batch.failures.length === 0) return
      setImported(batch)
      onImported()
    } catch (caught) {
      onError(caught)
    }
  }

  return (
    <section className="exchange-panel" aria-label={t('exchange.title')}>
      <div className="library-toolbar wrap">
        <strong>{t('exchange.title')}</strong>
        <label>
          {t('exchange.source')}{' '}
          <select aria-label={t('exchange.source')} value={sourceId} onChange={(event) => setSourceId(event.target.value)}>
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.name} · {t(`review.kind.${source.kind}` as MessageKey)} ({source.annotationCount})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('exchange.format')}{' '}
          <select aria-label={t('exchange.format')} value={format} onChange={(event) => setFormat(event.target.value as ExchangeFormat)}>
            {exchangeFormats.map((entry) => (
              <option key={entry} value={entry}>
                {t(`exchange.format.${entry}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {format === 'json' && (
          <label className="checkbox">
            <input type="checkbox" checked={includeText} onChange={(event) => setIncludeText(event.target.checked)} />
            {t('exchange.includeText')}
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" disabled={!currentDocumentId} checked={onlyCurrent} onChange={(event) => setOnlyCurrent(event.target.checked)} />
          {t('exchange.onlyCurrent')}
        </label>
        <button type="button" data-testid="exchange-export" onClick={() => void runExport()}>
          {t('exchange.export')}
        </button>
        <span className="spacer" />
        <input
          className="filter"
          placeholder={t('exchange.importName')}
          aria-label={t('exchange.importName')}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="button" data-testid="exchange-import" disabled={readOnly} onClick={() => void runImport()}>
          {t('exchange.import')}
        </button>
      </div>
      {exported && (
        <div className="exchange-result" role="status" data-testid="export-result">
          <div>{t('exchange.exported', { annotations: exported.annotations, documents: exported.documents, path: exported.path })}</div>
          {exported.losses.length > 0 && <LossNote losses={exported.losses} />}
        </div>
      )}
      {imported && <ImportReports batch={imported} />}
    </section>
  )
}

function LossNote({ losses }: { losses: ExportLoss[] }) {
  const { t } = useI18n()
  const fields = losses.map((loss) => t(`exchange.loss.${loss.field}` as MessageKey, { count: loss.count })).join('；')
  return <div className="exchange-loss">{t('exchange.loss', { fields })}</div>
}

function ImportReports({ batch }: { batch: ExchangeImportBatch }) {
  const { t } = useI18n()
  return (
    <div className="exchange-result" role="status" data-testid="import-result">
      {batch.failures.map((failure) => (
        <div key={failure.fileName} className="error-text">
          {failure.error.message}
        </div>
      ))}
      {batch.reports.map((report) => (
        <div key={report.source.id}>
          <div>
            {t('exchange.imported', { name: report.source.name, imported: report.imported, reanchored: report.reanchored, problems: report.problems.length })}
          </div>
          {report.documentsAdded.length > 0 && <div>{t('exchange.documentsAdded', { count: report.documentsAdded.length })}</div>}
          {report.createdIndicators.length > 0 && <div>{t('exchange.indicatorsCreated', { keys: report.createdIndicators.join(', ') })}</div>}
          {report.problems.length > 0 && (
            <details open>
              <summary>{t('exchange.problems')}</summary>
              <table className="data-table compact" data-testid="import-problems">
                <thead>
                  <tr>
                    <th>{t('exchange.col.row')}</th>
                    <th>{t('exchange.col.document')}</th>
                    <th>{t('exchange.col.quote')}</th>
                    <th>{t('exchange.col.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.problems.map((problem) => (
                    <tr key={`${problem.row}-${problem.reason}`}>
                      <td>{problem.row}</td>
                      <td>{problem.document}</td>
                      <td>{problem.quote}</td>
                      <td>
                        {t(`exchange.reason.${problem.reason}` as MessageKey)}
                        {problem.detail ? `：${problem.detail}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      ))}
    </div>
  )
}
