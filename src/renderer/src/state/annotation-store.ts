// The renderer's copy of the annotations it shows, with undo/redo across documents.
// Edits show at once and are marked "saving" until main reports them durable; a failed save
// puts the annotation back as it was and reports why.
import { useSyncExternalStore } from 'react'
import { UndoHistory, batchByDocument, editTarget, inverseEdit, isDocumentEdit, type AnnotationEdit, type DocumentEdit, type WorkbenchEdit } from '../../../shared/annotation-edits'
import { selectorFor } from '../../../shared/anchoring'
import type { Annotation, AnnotationAttributes, DocumentMeta, DocumentRecord } from '../../../shared/model'
import { WorkbenchError, call } from '../bridge'

const EMPTY: readonly Annotation[] = []

function afterNextPaint(): Promise<void> {
  return new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))
}

export interface SaveState {
  pending: number
  lastError: WorkbenchError | null
}

export class AnnotationStore {
  private readonly byDocument = new Map<string, readonly Annotation[]>()
  private readonly history = new UndoHistory()
  private readonly listeners = new Set<() => void>()
  /** Told after a document edit (metadata, delete, restore) is saved, its undo and redo included. */
  private readonly documentListeners = new Set<(edit: DocumentEdit) => void>()
  private saveState: SaveState = { pending: 0, lastError: null }
  /** The last save in flight: saves go out one after another, so main applies them in edit order. */
  private lastWrite: Promise<unknown> = Promise.resolve()
  private version = 0
  author = ''
  /** Told when an annotation is made while no annotator name is set, so the user can be asked for one. */
  onMissingAuthor: (() => void) | null = null

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Annotations changed: bump the version views re-render on. */
  private changed(): void {
    this.version++
    this.notify()
  }

  /** Only the save state changed: views of annotations keep their snapshot and skip rendering. */
  private notify(): void {
    for (const listener of this.listeners) listener()
  }

  getVersion = (): number => this.version
  getSaveState = (): SaveState => this.saveState

  annotationsOf(documentId: string): readonly Annotation[] {
    return this.byDocument.get(documentId) ?? EMPTY
  }

  isLoaded(documentId: string): boolean {
    return this.byDocument.has(documentId)
  }

  /** The documents whose annotations this store holds (the reader loaded them). */
  loadedDocumentIds(): string[] {
    return [...this.byDocument.keys()]
  }

  async load(documentId: string): Promise<readonly Annotation[]> {
    const annotations = await call('annotations.list', { documentId })
    this.byDocument.set(documentId, annotations)
    this.changed()
    return annotations
  }

  /** Forgets everything (another workspace was opened). */
  reset(): void {
    this.byDocument.clear()
    this.changed()
  }

  get canUndo(): boolean {
    return this.history.canUndo
  }

  get canRedo(): boolean {
    return this.history.canRedo
  }

  private replaceLocal(documentId: string, change: (list: readonly Annotation[]) => readonly Annotation[]): void {
    if (!this.byDocument.has(documentId)) return
    this.byDocument.set(documentId, change(this.annotationsOf(documentId)))
    this.changed()
  }

  private showLocally(edit: AnnotationEdit): void {
    if (edit.kind === 'batch') {
      for (const change of batchByDocument(edit)) {
        const removed = new Set([...change.remove, ...change.create].map((annotation) => annotation.id))
        this.replaceLocal(change.documentId, (list) => [...list.filter((annotation) => !removed.has(annotation.id)), ...change.create])
      }
      return
    }
    const target = editTarget(edit)
    this.replaceLocal(target.documentId, (list) => {
      const without = list.filter((annotation) => annotation.id !== target.id)
      return edit.kind === 'delete' ? without : [...without, edit.after]
    })
  }

  private async persist(edit: AnnotationEdit): Promise<Annotation | null> {
    switch (edit.kind) {
      case 'batch':
        // One call, one write per document, all refused up front on a read-only workspace.
        await call('annotations.applyBatch', {
          changes: batchByDocument(edit).map((change) => ({ documentId: change.documentId, put: change.create, remove: change.remove.map((annotation) => annotation.id) })),
        })
        return null
      case 'create':
        return call('annotations.restore', { annotation: edit.after })
      case 'update': {
        const { documentId, id, label, start, end, attributes, links, status } = edit.after
        return call('annotations.update', { documentId, id, label, start, end, attributes, links, status })
      }
      case 'delete':
        await call('annotations.delete', { documentId: edit.before.documentId, id: edit.before.id })
        return null
    }
  }

  /** Shows an edit, saves it, and keeps memory equal to disk if the save fails. */
  private async apply(edit: AnnotationEdit): Promise<Annotation | null> {
    this.showLocally(edit)
    this.saveState = { pending: this.saveState.pending + 1, lastError: null }
    this.notify()
    // The call goes out once the change is painted (starting a request costs the keystroke's
    // frame a few milliseconds it cannot spare) and after every earlier save: a delete and its
    // undo sent side by side could reach main in either order.
    const saving = this.lastWrite.then(afterNextPaint).then(() => this.persist(edit))
    this.lastWrite = saving.catch(() => undefined)
    try {
      const saved = await saving
      const shown = saved && this.annotationsOf(saved.documentId).find((a) => a.id === saved.id)
      // Main re-anchors what it saves; replace the shown copy only when that changed something.
      if (saved && shown && JSON.stringify(shown) !== JSON.stringify(saved)) {
        this.replaceLocal(saved.documentId, (list) => list.map((a) => (a.id === saved.id ? saved : a)))
      }
      this.saveState = { ...this.saveState, pending: this.saveState.pending - 1 }
      this.notify()
      return saved
    } catch (error) {
      this.showLocally(inverseEdit(edit))
      this.saveState = {
        pending: this.saveState.pending - 1,
        lastError: error instanceof WorkbenchError ? error : null,
      }
      this.notify()
      throw error
    }
  }

  /** Enters the edit in the history at once, so an undo pressed before the save lands undoes it. */
  private async record(edit: AnnotationEdit): Promise<Annotation | null> {
    this.history.record(edit)
    try {
      return await this.apply(edit)
    } catch (error) {
      this.history.forget(edit)
      throw error
    }
  }

  create(
    text: string,
    input: { documentId: string; start: number; end: number; label: string; attributes: AnnotationAttributes },
  ): { annotation: Annotation; saved: Promise<Annotation | null> } {
    if (!this.author) this.onMissingAuthor?.()
    const now = new Date().toISOString()
    const annotation: Annotation = {
      id: crypto.randomUUID(),
      documentId: input.documentId,
      ...selectorFor(text, input.start, input.end),
      label: input.label,
      attributes: input.attributes,
      links: [],
      status: 'accepted',
      author: this.author,
      createdAt: now,
      updatedAt: now,
    }
    return { annotation, saved: this.record({ kind: 'create', after: annotation }) }
  }

  update(before: Annotation, change: Partial<Pick<Annotation, 'label' | 'start' | 'end' | 'attributes' | 'links' | 'status'>>, text?: string) {
    // Accepting a proposal makes it the analyst's annotation: the same moment to ask who they are.
    if (change.status === 'accepted' && before.status !== 'accepted' && !this.author) this.onMissingAuthor?.()
    let after: Annotation = { ...before, ...change, updatedAt: new Date().toISOString() }
    if (text !== undefined && (change.start !== undefined || change.end !== undefined)) {
      after = { ...after, ...selectorFor(text, after.start, after.end) }
    }
    return this.record({ kind: 'update', before, after })
  }

  delete(annotation: Annotation) {
    return this.record({ kind: 'delete', before: annotation })
  }

  // ---- documents: metadata, delete and restore, in the same history ----

  onDocumentChange(listener: (edit: DocumentEdit) => void): () => void {
    this.documentListeners.add(listener)
    return () => this.documentListeners.delete(listener)
  }

  updateDocument(before: DocumentRecord, change: { title?: string; meta?: Partial<DocumentMeta> }): Promise<void> {
    const after: DocumentRecord = { ...before, ...(change.title !== undefined ? { title: change.title } : {}), meta: { ...before.meta, ...change.meta } }
    return this.recordDocument({ kind: 'document-update', before, after })
  }

  deleteDocument(record: DocumentRecord): Promise<void> {
    return this.recordDocument({ kind: 'document-delete', before: record })
  }

  private async recordDocument(edit: DocumentEdit): Promise<void> {
    this.history.record(edit)
    try {
      await this.applyDocument(edit)
    } catch (error) {
      this.history.forget(edit)
      throw error
    }
  }

  /** Saves a document edit after every earlier save; nothing is shown before main has it. */
  private async applyDocument(edit: DocumentEdit): Promise<void> {
    this.saveState = { pending: this.saveState.pending + 1, lastError: null }
    this.notify()
    const saving = this.lastWrite.then(async () => {
      if (edit.kind === 'document-update') {
        const { id, title, meta } = edit.after
        await call('documents.updateMeta', { id, title, meta })
      } else if (edit.kind === 'document-delete') await call('documents.delete', { id: edit.before.id })
      else await call('documents.restore', { id: edit.after.id })
    })
    this.lastWrite = saving.catch(() => undefined)
    try {
      await saving
    } catch (error) {
      this.saveState = { pending: this.saveState.pending - 1, lastError: error instanceof WorkbenchError ? error : null }
      this.notify()
      throw error
    }
    // A deleted document's annotations are gone from the workspace; a restored one is read again when opened.
    if (edit.kind === 'document-delete') this.byDocument.delete(edit.before.id)
    this.saveState = { ...this.saveState, pending: this.saveState.pending - 1 }
    this.changed()
    for (const listener of this.documentListeners) listener(edit)
  }

  /** Creates and removes many annotations as one undoable step (an adoption). */
  async applyBatch(create: Annotation[], remove: Annotation[]): Promise<void> {
    if (create.length === 0 && remove.length === 0) return
    await this.record({ kind: 'batch', create, remove })
  }

  /** Undoes the last edit in any document; resolves to the annotation it touched. */
  undo(): Promise<Annotation | null> {
    return this.replay(this.history.undo(), () => this.history.revertUndo())
  }

  redo(): Promise<Annotation | null> {
    return this.replay(this.history.redo(), () => this.history.revertRedo())
  }

  /** Applies an edit taken from the history; puts it back there if it cannot be saved. */
  private async replay(edit: WorkbenchEdit | null, putBack: () => void): Promise<Annotation | null> {
    if (!edit) return null
    try {
      if (isDocumentEdit(edit)) await this.applyDocument(edit)
      else await this.apply(edit)
    } catch (error) {
      putBack()
      throw error
    }
    // A document edit or a batch (it touches many documents): the view stays where it is.
    return isDocumentEdit(edit) || edit.kind === 'batch' ? null : editTarget(edit)
  }
}

export const annotationStore = new AnnotationStore()

/** Re-renders the caller whenever any annotation changes. */
export function useAnnotationVersion(): number {
  return useSyncExternalStore(annotationStore.subscribe, annotationStore.getVersion)
}

export function useSaveState(): SaveState {
  return useSyncExternalStore(annotationStore.subscribe, annotationStore.getSaveState)
}
