// The dialogs of prompts.ts: the annotator's name, and replace / keep both for a file imported
// twice. Keyboard first: the field or the first choice has focus, Enter answers, Esc declines.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { WorkbenchError } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { annotationStore } from '../../state/annotation-store'
import { askAnnotatorOnFirstAnnotation, finishPrompt, onSettingsChanged, saveAnnotator, useCurrentPrompt, type Prompt } from './prompts'

interface ExchangePromptsProps {
  /** Settings changed (the annotator's name was saved). */
  onChanged: () => void
}

export function ExchangePrompts({ onChanged }: ExchangePromptsProps) {
  const prompt = useCurrentPrompt()
  useEffect(() => {
    onSettingsChanged(onChanged)
    annotationStore.onMissingAuthor = askAnnotatorOnFirstAnnotation
    return () => {
      annotationStore.onMissingAuthor = null
    }
  }, [onChanged])
  if (!prompt) return null
  return prompt.kind === 'annotator' ? <AnnotatorDialog key={`a-${prompt.reason}`} prompt={prompt} /> : <DuplicateDialog key={prompt.duplicate.token} prompt={prompt} />
}

function AnnotatorDialog({ prompt }: { prompt: Extract<Prompt, { kind: 'annotator' }> }) {
  const { t } = useI18n()
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  const answer = (value: string | null) => {
    finishPrompt(prompt)
    prompt.answer(value)
  }
  const save = async () => {
    const trimmed = name.trim()
    if (!trimmed) {
      setError(t('annotatorPrompt.empty'))
      return
    }
    try {
      await saveAnnotator(trimmed)
      answer(trimmed)
    } catch (caught) {
      setError(caught instanceof WorkbenchError ? caught.detail.message : String(caught))
    }
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      answer(null)
    }
  }
  return (
    <div className="dialog-backdrop prompt-backdrop" onKeyDown={onKeyDown}>
      <div className="dialog prompt-dialog" role="dialog" aria-modal="false" aria-labelledby="annotator-prompt-title" data-testid="annotator-prompt">
        <div className="dialog-header">
          <h2 id="annotator-prompt-title">{t('annotatorPrompt.title')}</h2>
        </div>
        <form
          className="dialog-body"
          onSubmit={(event) => {
            event.preventDefault()
            void save()
          }}
        >
          <p>{t(prompt.reason === 'export' ? 'annotatorPrompt.forExport' : 'annotatorPrompt.forAnnotation')}</p>
          <label>
            {t('settings.annotator')}{' '}
            <input ref={input} value={name} maxLength={200} aria-label={t('settings.annotator')} onChange={(event) => setName(event.target.value)} />
          </label>
          {error && <p className="error-text">{error}</p>}
          <div className="dialog-footer">
            <span className="hint">{t('annotatorPrompt.keys')}</span>
            <button type="button" onClick={() => answer(null)}>
              {t('annotatorPrompt.later')}
            </button>
            <button type="submit">{t('annotatorPrompt.save')}</button>
          </div>
        </form>
      </div>
    </div>
  )
}

function DuplicateDialog({ prompt }: { prompt: Extract<Prompt, { kind: 'duplicate' }> }) {
  const { t } = useI18n()
  const first = useRef<HTMLButtonElement>(null)
  useEffect(() => first.current?.focus(), [])
  const { duplicate } = prompt
  const answer = (choice: 'replace' | 'keep-both' | 'skip') => {
    finishPrompt(prompt)
    prompt.answer(choice)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const key = event.key.toLowerCase()
    if (key === 'escape') answer('skip')
    else if (key === 'r') answer('replace')
    else if (key === 'k') answer('keep-both')
    else return
    event.preventDefault()
    event.stopPropagation()
  }
  return (
    <div className="dialog-backdrop prompt-backdrop" onKeyDown={onKeyDown}>
      <div className="dialog prompt-dialog" role="dialog" aria-modal="false" aria-labelledby="duplicate-prompt-title" data-testid="duplicate-prompt">
        <div className="dialog-header">
          <h2 id="duplicate-prompt-title">{t('duplicatePrompt.title')}</h2>
        </div>
        <div className="dialog-body">
          <p>{t('duplicatePrompt.body', { file: duplicate.fileName, source: duplicate.sourceName })}</p>
        </div>
        <div className="dialog-footer">
          <span className="hint">{t('duplicatePrompt.keys')}</span>
          <button type="button" onClick={() => answer('skip')}>
            {t('duplicatePrompt.skip')}
          </button>
          <button type="button" onClick={() => answer('keep-both')}>
            {t('duplicatePrompt.keepBoth', { name: duplicate.copyName })}
          </button>
          <button ref={first} type="button" onClick={() => answer('replace')}>
            {t('duplicatePrompt.replace', { source: duplicate.sourceName })}
          </button>
        </div>
      </div>
    </div>
  )
}
