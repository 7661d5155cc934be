// Edits to annotations as data, so that every one of them can be undone and redone the same
// way, across documents: an edit knows its inverse, and applying an edit is one API call.
// Documents' metadata edits, deletions and restores share the one history, so Ctrl+Z undoes the
// last thing the analyst did, whatever it was.
import type { Annotation, DocumentRecord } from './model'

export type SingleEdit =
  | { kind: 'create'; after: Annotation }
  | { kind: 'update'; before: Annotation; after: Annotation }
  | { kind: 'delete'; before: Annotation }

/**
 * Many annotations created and removed as one step (an adoption): one undo takes it all back,
 * and it is saved with one write per document it touches.
 */
export interface BatchEdit {
  kind: 'batch'
  create: Annotation[]
  remove: Annotation[]
}

export type AnnotationEdit = SingleEdit | BatchEdit

export type DocumentEdit =
  | { kind: 'document-update'; before: DocumentRecord; after: DocumentRecord }
  | { kind: 'document-delete'; before: DocumentRecord }
  | { kind: 'document-restore'; after: DocumentRecord }

export type WorkbenchEdit = AnnotationEdit | DocumentEdit

export function isDocumentEdit(edit: WorkbenchEdit): edit is DocumentEdit {
  return edit.kind.startsWith('document-')
}

/** A batch's creates and removals by document, in the order the documents first appear. */
export function batchByDocument(edit: BatchEdit): Array<{ documentId: string; create: Annotation[]; remove: Annotation[] }> {
  const byDocument = new Map<string, { documentId: string; create: Annotation[]; remove: Annotation[] }>()
  const entry = (documentId: string) => {
    let found = byDocument.get(documentId)
    if (!found) byDocument.set(documentId, (found = { documentId, create: [], remove: [] }))
    return found
  }
  for (const annotation of edit.create) entry(annotation.documentId).create.push(annotation)
  for (const annotation of edit.remove) entry(annotation.documentId).remove.push(annotation)
  return [...byDocument.values()]
}

export function inverseEdit(edit: AnnotationEdit): AnnotationEdit
export function inverseEdit(edit: WorkbenchEdit): WorkbenchEdit
export function inverseEdit(edit: WorkbenchEdit): WorkbenchEdit {
  switch (edit.kind) {
    case 'document-update':
      return { kind: 'document-update', before: edit.after, after: edit.before }
    case 'document-delete':
      return { kind: 'document-restore', after: edit.before }
    case 'document-restore':
      return { kind: 'document-delete', before: edit.after }
    case 'batch':
      return { kind: 'batch', create: edit.remove, remove: edit.create }
    case 'create':
      return { kind: 'delete', before: edit.after }
    case 'delete':
      return { kind: 'create', after: edit.before }
    case 'update':
      return { kind: 'update', before: edit.after, after: edit.before }
  }
}

/** The annotation an edit touches, and which document it lives in. */
export function editTarget(edit: SingleEdit): Annotation {
  return edit.kind === 'create' ? edit.after : edit.before
}

/** A bounded undo/redo history; a new edit clears what could be redone. */
export class UndoHistory {
  private readonly done: WorkbenchEdit[] = []
  private readonly undone: WorkbenchEdit[] = []

  constructor(private readonly limit = 500) {}

  record(edit: WorkbenchEdit): void {
    this.done.push(edit)
    if (this.done.length > this.limit) this.done.shift()
    this.undone.length = 0
  }

  /** The edit that undoes the last one (to apply), or null; moves it to the redo side. */
  undo(): WorkbenchEdit | null {
    const edit = this.done.pop()
    if (!edit) return null
    this.undone.push(edit)
    return inverseEdit(edit)
  }

  redo(): WorkbenchEdit | null {
    const edit = this.undone.pop()
    if (!edit) return null
    this.done.push(edit)
    return edit
  }

  /** Puts back an undo or redo whose application failed, so the history matches the data. */
  revertUndo(): void {
    const edit = this.undone.pop()
    if (edit) this.done.push(edit)
  }

  revertRedo(): void {
    const edit = this.done.pop()
    if (edit) this.undone.push(edit)
  }

  /** Drops an edit that could not be saved, wherever it now sits, so the history matches the data. */
  forget(edit: WorkbenchEdit): void {
    for (const stack of [this.done, this.undone]) {
      const index = stack.lastIndexOf(edit)
      if (index >= 0) stack.splice(index, 1)
    }
  }

  get canUndo(): boolean {
    return this.done.length > 0
  }

  get canRedo(): boolean {
    return this.undone.length > 0
  }
}
