// Questions the exchange asks the user in a dialog (issue 10): who is annotating (before the
// first annotation or an export carries no name), and what to do with a file whose content was
// imported before. One question at a time; ExchangePrompts shows the current one.
import { useSyncExternalStore } from 'react'
import type { ExchangeDuplicate, ExchangeImportBatch } from '../../../../shared/api'
import { WorkbenchError, call } from '../../bridge'
import { annotationStore } from '../../state/annotation-store'

export type DuplicateAnswer = 'replace' | 'keep-both' | 'skip'

export type Prompt =
  | { kind: 'annotator'; reason: 'annotate' | 'export'; answer: (name: string | null) => void }
  | { kind: 'duplicate'; duplicate: ExchangeDuplicate; answer: (choice: DuplicateAnswer) => void }

let queue: Prompt[] = []
const listeners = new Set<() => void>()

function changed(): void {
  for (const listener of listeners) listener()
}

function enqueue(prompt: Prompt): void {
  queue = [...queue, prompt]
  changed()
}

/** Called by the dialog with the answer: the prompt leaves the queue, the next one shows. */
export function finishPrompt(prompt: Prompt): void {
  queue = queue.filter((entry) => entry !== prompt)
  changed()
}

export function useCurrentPrompt(): Prompt | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => queue[0] ?? null,
  )
}

/** Asks for the annotator's name and keeps it in Settings; null when the user declines. */
export function askAnnotator(reason: 'annotate' | 'export'): Promise<string | null> {
  return new Promise((resolve) => enqueue({ kind: 'annotator', reason, answer: resolve }))
}

/** The app's refresh after Settings changed; set by ExchangePrompts. */
let settingsChanged: () => void = () => undefined
export function onSettingsChanged(listener: () => void): void {
  settingsChanged = listener
}

export async function saveAnnotator(name: string): Promise<void> {
  await call('settings.update', { annotator: name })
  annotationStore.author = name
  settingsChanged()
}

/** Asked once per session: a user who declines is not asked again at every annotation. */
let askedWhileAnnotating = false
export function askAnnotatorOnFirstAnnotation(): void {
  if (askedWhileAnnotating || queue.some((prompt) => prompt.kind === 'annotator')) return
  askedWhileAnnotating = true
  void askAnnotator('annotate')
}

/**
 * Runs an export; when main refuses it for want of an annotator name, asks for one, keeps it
 * and runs the export again. Null when the user declines.
 */
export async function exportAskingAnnotator<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run()
  } catch (error) {
    if (!(error instanceof WorkbenchError) || error.detail.code !== 'ANNOTATOR_MISSING') throw error
    const name = await askAnnotator('export')
    if (!name) throw error
    return run()
  }
}

/** Asks, file by file, what to do with the batch's duplicates and adds what those imports gave. */
export async function settleDuplicates(batch: ExchangeImportBatch): Promise<ExchangeImportBatch> {
  const settled: ExchangeImportBatch = { reports: [...batch.reports], failures: [...batch.failures], duplicates: [] }
  for (const duplicate of batch.duplicates ?? []) {
    const choice = await new Promise<DuplicateAnswer>((resolve) => enqueue({ kind: 'duplicate', duplicate, answer: resolve }))
    try {
      const result = await call('exchange.resolveDuplicate', { token: duplicate.token, choice })
      settled.reports.push(...result.reports)
      settled.failures.push(...result.failures)
    } catch (error) {
      if (!(error instanceof WorkbenchError)) throw error
      settled.failures.push({ fileName: duplicate.fileName, error: error.detail })
    }
  }
  return settled
}
