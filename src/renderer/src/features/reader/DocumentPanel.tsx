// The open document's metadata in the reader: shown in the header, corrected in a panel (title,
// year, date, 文号, issuer, type, script), each change an undoable edit in the annotation store's
// history; and deletion, after a confirmation, undoable the same way.
import { useEffect, useState, type KeyboardEvent } from 'react'
import { documentTypes, type DocumentMeta, type DocumentRecord } from '../../../../shared/model'
import { useI18n } from '../../i18n/i18n'
import { annotationStore } from '../../state/annotation-store'

/** The document as last saved: follows metadata edits, their undo and redo. */
export function useLiveDocument(loaded: DocumentRecord | null): DocumentRecord | null {
  const [edited, setEdited] = useState<DocumentRecord | null>(null)
  useEffect(
    () =>
      annotationStore.onDocumentChange((edit) => {
        if (edit.kind === 'document-update' && edit.after.id === loaded?.id) setEdited(edit.after)
      }),
    [loaded],
  )
  return edited && edited.id === loaded?.id ? edited : loaded
}

type TextField = 'title' | 'date' | 'docNumber' | 'issuer'

interface DocumentPanelProps {
  document: DocumentRecord
  readOnly: boolean
  onClose: () => void
  onError: (error: unknown) => void
}

export function MetadataPanel({ document: doc, readOnly, onClose, onError }: DocumentPanelProps) {
  const { t, docType } = useI18n()
  const save = (change: { title?: string; meta?: Partial<DocumentMeta> }) => {
    annotationStore.updateDocument(doc, change).catch(onError)
  }
  const commitText = (field: TextField, raw: string) => {
    const value = raw.trim()
    if (field === 'title') {
      if (value !== '' && value !== doc.title) save({ title: value })
      return
    }
    const next = value === '' ? null : value
    if (next !== doc.meta[field]) save({ meta: { [field]: next } })
  }
  const commitYear = (raw: string) => {
    const value = raw.trim() === '' ? null : Number(raw.trim())
    if (value !== null && !(Number.isInteger(value) && value >= 1900 && value <= 2200)) return
    if (value !== doc.meta.year) save({ meta: { year: value } })
  }
  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') event.currentTarget.blur()
    else if (event.key === 'Escape') onClose()
  }
  const text = (field: TextField, label: string, value: string | null) => (
    <label className="field">
      <span>{label}</span>
      <input
        key={`${field}:${value ?? ''}`}
        data-meta-field={field}
        defaultValue={value ?? ''}
        disabled={readOnly}
        onBlur={(event) => commitText(field, event.target.value)}
        onKeyDown={onEnter}
      />
    </label>
  )
  return (
    <section className="metadata-panel" aria-label={t('docmeta.title')} data-testid="metadata-panel">
      <div className="metadata-grid">
        {text('title', t('docmeta.field.title'), doc.title)}
        <label className="field">
          <span>{t('reader.meta.year')}</span>
          <input key={`year:${doc.meta.year ?? ''}`} data-meta-field="year" inputMode="numeric" defaultValue={doc.meta.year ?? ''} disabled={readOnly} onBlur={(event) => commitYear(event.target.value)} onKeyDown={onEnter} />
        </label>
        {text('date', t('import.date'), doc.meta.date)}
        {text('docNumber', t('reader.meta.docNumber'), doc.meta.docNumber)}
        {text('issuer', t('import.issuer'), doc.meta.issuer)}
        <label className="field">
          <span>{t('reader.meta.type')}</span>
          <select data-meta-field="docType" value={doc.meta.docType} disabled={readOnly} onChange={(event) => save({ meta: { docType: event.target.value as DocumentMeta['docType'] } })}>
            {documentTypes.map((type) => (
              <option key={type} value={type}>
                {docType(type)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('reader.meta.script')}</span>
          <select data-meta-field="script" value={doc.meta.script} disabled={readOnly} onChange={(event) => save({ meta: { script: event.target.value as DocumentMeta['script'] } })}>
            <option value="zh-Hans">{t('script.zh-Hans')}</option>
            <option value="zh-Hant">{t('script.zh-Hant')}</option>
          </select>
        </label>
      </div>
      <p className="muted">{t('docmeta.hint')}</p>
    </section>
  )
}

export function DeleteDocumentDialog({ document: doc, annotationCount, onClose, onError }: { document: DocumentRecord; annotationCount: number; onClose: () => void; onError: (error: unknown) => void }) {
  const { t } = useI18n()
  const [busy, setBusy] = useState(false)
  const confirm = () => {
    setBusy(true)
    annotationStore.deleteDocument(doc).then(onClose, (error: unknown) => {
      setBusy(false)
      onError(error)
    })
  }
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-label={t('docmeta.deleteTitle')}
        data-testid="delete-document-dialog"
        onKeyDown={(event) => {
          event.stopPropagation()
          if (event.key === 'Escape') onClose()
        }}
      >
        <header className="dialog-header">
          <h2>{t('docmeta.deleteTitle')}</h2>
        </header>
        <div className="dialog-body">
          <p>{t('docmeta.deleteQuestion', { title: doc.title, count: annotationCount })}</p>
        </div>
        <footer className="dialog-footer">
          <button type="button" autoFocus onClick={onClose}>
            {t('import.cancel')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={confirm}>
            {t('docmeta.deleteConfirm')}
          </button>
        </footer>
      </div>
    </div>
  )
}
