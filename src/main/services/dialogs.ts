// What the session asks the user through the shell's native dialogs (a folder, files, where to
// save). Its own module so that services needing one dialog (review, exports) do not import the
// session that composes them.

export interface SaveFileOptions {
  purpose: string
  defaultName: string
  /** Extensions without the dot, for the dialog's file-type filter. */
  extensions: string[]
}

export interface Dialogs {
  chooseFolder(purpose: 'workspace.create' | 'workspace.open'): Promise<string | null>
  chooseFiles(purpose: 'documents.import' | 'annotations.import'): Promise<string[]>
  /** Where to write an exported file; null when the user cancels. */
  chooseSaveFile?(options: SaveFileOptions): Promise<string | null>
}
