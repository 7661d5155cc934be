// Edits to annotations as data, so that every one of them can be undone and redone the same
// way, across documents: an edit knows its inverse, and applying an edit is one API call.
import type { Annotation } from './model'

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

export function inverseEdit(edit: AnnotationEdit): AnnotationEdit {
  switch (edit.kind) {
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
  private readonly done: AnnotationEdit[] = []
  private readonly undone: AnnotationEdit[] = []

  constructor(private readonly limit = 500) {}

  record(edit: AnnotationEdit): void {
    this.done.push(edit)
    if (this.done.length > this.limit) this.done.shift()
    this.undone.length = 0
  }

  /** The edit that undoes the last one (to apply), or null; moves it to the redo side. */
  undo(): AnnotationEdit | null {
    const edit = this.done.pop()
    if (!edit) return null
    this.undone.push(edit)
    return inverseEdit(edit)
  }

  redo(): AnnotationEdit | null {
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
  forget(edit: AnnotationEdit): void {
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
