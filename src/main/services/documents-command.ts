// `documents delete|restore|deleted <workspace> [id]` for the command line: the same moves to and
// from backups/deleted-documents/ as the app's delete and its undo.
import { resolve } from 'node:path'
import type { Locale } from '../../shared/model'
import { deleteDocument, deletedDocuments, restoreDocument } from './document-trash'
import { WorkspaceStore } from './workspace-store'

interface Output {
  json: boolean
  locale: Locale
  print: (text: string) => void
}

export async function documentsCommand(args: string[], out: Output, usageError: (message: string) => Error): Promise<number> {
  const [action, dir, id] = args
  const needsId = action === 'delete' || action === 'restore'
  if (!['delete', 'restore', 'deleted'].includes(action ?? '') || !dir || (needsId ? !id || args.length !== 3 : args.length !== 2)) {
    throw usageError('documents takes: delete <workspace> <id> | restore <workspace> <id> | deleted <workspace>')
  }
  const en = out.locale === 'en'
  return WorkspaceStore.using(resolve(dir), async (store) => {
    if (action === 'delete') {
      const { document, backup } = await deleteDocument(store, id)
      if (out.json) out.print(JSON.stringify({ workspace: store.dir, deleted: { id: document.id, title: document.title }, backup, restore: `documents restore ${store.dir} ${document.id}` }, null, 2))
      else {
        out.print(en ? `deleted ${document.id}  ${document.title}` : `已删除 ${document.id}  ${document.title}`)
        out.print(en ? `its text and annotations are kept in ${backup}; to restore: documents restore ${store.dir} ${document.id}` : `正文和标注保存在 ${backup}；恢复：documents restore ${store.dir} ${document.id}`)
      }
    } else if (action === 'restore') {
      const document = await restoreDocument(store, id)
      if (out.json) out.print(JSON.stringify({ workspace: store.dir, restored: { id: document.id, title: document.title } }, null, 2))
      else out.print(en ? `restored ${document.id}  ${document.title}` : `已恢复 ${document.id}  ${document.title}`)
    } else {
      const deleted = await deletedDocuments(store)
      if (out.json) out.print(JSON.stringify({ workspace: store.dir, deleted: deleted.map((doc) => ({ id: doc.id, title: doc.title, year: doc.meta.year })) }, null, 2))
      else for (const doc of deleted) out.print(`${doc.id}  ${doc.meta.year ?? '----'}  ${doc.title}`)
    }
    return 0
  })
}
