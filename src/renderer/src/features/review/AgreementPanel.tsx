// Agreement between the chosen sources (issue 6): pairwise span F1 and character-level kappa per
// label in a sortable table, all-source kappa and alpha, and a per-label heatmap.
import { createColumnHelper, tableFeatures, useTable, type SortingState } from '@tanstack/react-table'
import { useMemo, useState, type ReactNode } from 'react'
import type { AgreementReport } from '../../../../shared/agreement'
import type { Label } from '../../../../shared/model'
import { call } from '../../bridge'
import { SortableHead } from '../../components/SortableHead'
import { sortAndFilterFeatures } from '../../components/table-features'
import { useI18n } from '../../i18n/i18n'

const features = tableFeatures({ ...sortAndFilterFeatures })

interface PairRow {
  a: string
  b: string
  label: string
  spans: string
  exact: number | null
  overlap: number | null
  kappa: number | null
}

const helper = createColumnHelper<typeof features, PairRow>()

function figure(value: number | null): string {
  return value === null ? '—' : value.toFixed(3)
}

/** Red (0 or below) through yellow to green (1), for the heatmap cells. */
function heat(value: number | null): string {
  if (value === null) return 'transparent'
  const clamped = Math.max(0, Math.min(1, value))
  return `hsl(${Math.round(clamped * 120)}, 65%, 78%)`
}

export function AgreementPanel({
  report,
  labels,
  sourceIds,
  documentIds,
  scope,
  onError,
  titleOf,
}: {
  report: AgreementReport
  labels: Label[]
  sourceIds: string[]
  documentIds?: string[]
  /** The scope switch (this document / all documents), owned by the review view. */
  scope: ReactNode
  onError: (error: unknown) => void
  /** Titles of the documents, to list those counted over all documents. */
  titleOf?: (documentId: string) => string
}) {
  const { t, locale } = useI18n()
  const [sorting, setSorting] = useState<SortingState>([])
  const name = (id: string) => report.sources.find((source) => source.id === id)?.name ?? id
  const labelName = (key: string) => labels.find((label) => label.key === key)?.name[locale] ?? key
  const data = useMemo<PairRow[]>(
    () =>
      report.pairs.flatMap((pair) =>
        pair.labels.map((entry) => ({
          a: name(pair.a),
          b: name(pair.b),
          label: labelName(entry.label),
          spans: `${entry.exact.a} / ${entry.exact.b}`,
          exact: entry.exact.f1,
          overlap: entry.overlap.f1,
          kappa: entry.kappa,
        })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [report, locale],
  )
  const columns = useMemo(
    () =>
      helper.columns([
        helper.accessor('a', { header: () => t('agreement.col.a'), sortFn: 'alphanumeric' }),
        helper.accessor('b', { header: () => t('agreement.col.b'), sortFn: 'alphanumeric' }),
        helper.accessor('label', { header: () => t('agreement.col.label'), sortFn: 'alphanumeric' }),
        helper.accessor('spans', { header: () => t('agreement.col.spans'), enableSorting: false }),
        helper.accessor('exact', { header: () => t('agreement.col.exact'), sortFn: 'basic', sortUndefined: 'last', cell: ({ getValue }) => figure(getValue()) }),
        helper.accessor('overlap', { header: () => t('agreement.col.overlap'), sortFn: 'basic', sortUndefined: 'last', cell: ({ getValue }) => figure(getValue()) }),
        helper.accessor('kappa', { header: () => t('agreement.col.kappa'), sortFn: 'basic', sortUndefined: 'last', cell: ({ getValue }) => figure(getValue()) }),
      ]),
    [t],
  )
  const table = useTable({ features, columns, data, state: { sorting }, onSortingChange: setSorting })

  const exportCsv = async () => {
    try {
      await call('agreement.export', { sourceIds, ...(documentIds ? { documentIds } : {}) })
    } catch (caught) {
      onError(caught)
    }
  }

  return (
    <section className="agreement-panel" aria-label={t('agreement.title')} data-testid="agreement">
      <div className="library-toolbar wrap">
        <strong>{t('agreement.title')}</strong>
        {scope}
        <span className="muted">{t('agreement.scope', { documents: report.documents })}</span>
        <span className="spacer" />
        <button type="button" onClick={() => void exportCsv()}>
          {t('agreement.export')}
        </button>
      </div>
      {!documentIds && report.documentIds && (
        <p className="muted" data-testid="agreement-documents">
          {report.documentIds.length === 0
            ? t('agreement.noCommonDocuments')
            : t('agreement.documentsListed', { titles: report.documentIds.map((id) => titleOf?.(id) ?? id).join('、') })}
        </p>
      )}
      <div className="agreement-grid">
        <div>
          <table className="data-table compact agreement-table">
            <SortableHead groups={table.getHeaderGroups()} hint={t('agreement.sortHint')} />
            <tbody>
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id}>
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className={`col-${cell.column.id}`}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {report.pairs.map((pair) => (
            <div key={`${pair.a}-${pair.b}`} className="muted agreement-attributes">
              {name(pair.a)} × {name(pair.b)} — {t('agreement.attributes')}{' '}
              {pair.attributes.map((entry) => `${entry.attribute} ${entry.agreed}/${entry.compared}`).join(' · ')}
            </div>
          ))}
        </div>
        <div>
          <table className="data-table compact" data-testid="agreement-all">
            <caption>{t('agreement.all')}</caption>
            <thead>
              <tr>
                <th>{t('agreement.col.label')}</th>
                <th>κ</th>
                <th>α</th>
              </tr>
            </thead>
            <tbody>
              {report.labels.map((entry) => (
                <tr key={entry.label}>
                  <td>{labelName(entry.label)}</td>
                  <td>
                    {figure(entry.kappa)} <span className="muted">{entry.method === 'cohen' ? 'Cohen' : 'Fleiss'}</span>
                  </td>
                  <td>{figure(entry.alpha)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="heatmap" data-testid="agreement-heatmap">
            <caption>{t('agreement.heatmap')}</caption>
            <thead>
              <tr>
                <th />
                {report.labels.map((entry) => (
                  <th key={entry.label}>{labelName(entry.label)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.pairs.map((pair) => (
                <tr key={`${pair.a}-${pair.b}`}>
                  <th>
                    {name(pair.a)} × {name(pair.b)}
                  </th>
                  {pair.labels.map((entry) => (
                    <td key={entry.label} style={{ background: heat(entry.overlap.f1) }} title={`κ ${figure(entry.kappa)}`}>
                      {figure(entry.overlap.f1)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  )
}
