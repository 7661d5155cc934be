import { useEffect, useMemo, useState } from 'react'
import type { DocumentWithText } from '../../../../shared/api'
import { WorkbenchError, call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'

interface Paragraph {
  start: number
  text: string
}

/** Splits the text at line breaks, keeping each paragraph's offset so spans can map onto the DOM. */
export function paragraphsOf(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let start = 0
  for (const line of text.split('\n')) {
    if (line.trim() !== '') paragraphs.push({ start, text: line })
    start += line.length + 1
  }
  return paragraphs
}

interface ReaderViewProps {
  documentId: string | null
  annotationCount: number
  onBack: () => void
  onError: (error: WorkbenchError) => void
}

export function ReaderView({ documentId, annotationCount, onBack, onError }: ReaderViewProps) {
  const { t, docType, number } = useI18n()
  const [loaded, setLoaded] = useState<DocumentWithText | null>(null)
  const [failedId, setFailedId] = useState<string | null>(null)

  useEffect(() => {
    if (!documentId) return
    let current = true
    call('documents.get', { id: documentId }).then(
      (result) => current && setLoaded(result),
      (error: unknown) => {
        if (!current || !(error instanceof WorkbenchError)) return
        setFailedId(documentId)
        onError(error)
      },
    )
    return () => {
      current = false
    }
  }, [documentId, onError])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onBack()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onBack])

  const paragraphs = useMemo(() => (loaded ? paragraphsOf(loaded.text) : []), [loaded])

  if (!documentId) {
    return <section className="empty-state">{t('reader.noDocument')}</section>
  }
  if (failedId === documentId) {
    return (
      <section className="empty-state" data-testid="reader-failed">
        <p>{t('reader.failed')}</p>
        <button type="button" onClick={onBack}>
          ← {t('reader.back')}
        </button>
      </section>
    )
  }
  if (!loaded || loaded.document.id !== documentId) {
    return (
      <section className="empty-state" aria-busy="true">
        {t('reader.loading')}
      </section>
    )
  }
  const { document } = loaded
  return (
    <section className="reader" aria-label={t('nav.reader')}>
      <header className="reader-header">
        <button type="button" className="link-button" onClick={onBack}>
          ← {t('reader.back')} <kbd>Esc</kbd>
        </button>
        <h1 className="reader-title" lang={document.meta.script === 'zh-Hant' ? 'zh-Hant' : 'zh-CN'}>
          {document.title}
        </h1>
        <dl className="reader-meta">
          <dt>{t('reader.meta.year')}</dt>
          <dd data-testid="reader-year">{document.meta.year ?? t('unknown')}</dd>
          <dt>{t('reader.meta.type')}</dt>
          <dd>{docType(document.meta.docType)}</dd>
          <dt>{t('reader.meta.docNumber')}</dt>
          <dd>{document.meta.docNumber ?? t('unknown')}</dd>
          <dt>{t('reader.meta.script')}</dt>
          <dd>{t(`script.${document.meta.script}`)}</dd>
          <dt>{t('reader.meta.chars')}</dt>
          <dd>{number(document.textLength)}</dd>
          <dt>{t('reader.meta.annotations')}</dt>
          <dd>{number(annotationCount)}</dd>
        </dl>
      </header>
      <article
        className="document-text"
        lang={document.meta.script === 'zh-Hant' ? 'zh-Hant' : 'zh-CN'}
        data-testid="document-text"
      >
        {paragraphs.map((paragraph) => (
          <p key={paragraph.start} data-start={paragraph.start}>
            {paragraph.text}
          </p>
        ))}
      </article>
    </section>
  )
}
