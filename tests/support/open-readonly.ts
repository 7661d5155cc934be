// Child process for the read-only test: opens a workspace as an unprivileged user and reports
// what happened as one JSON line.
import { WorkspaceStore } from '../../src/main/services/workspace-store'
import { AppError } from '../../src/main/services/app-error'

const store = await WorkspaceStore.open(process.argv[2])
const documents = store.documents.length
const notices = store.notices.map((notice) => notice.code)
let writeError: string | null = null
try {
  await store.createAnnotation({ documentId: store.documents[0].id, start: 0, end: 2, label: 'target' })
} catch (error) {
  writeError = error instanceof AppError ? error.code : String(error)
}
const text = (await store.text(store.documents[0].id)).length
await store.close()
process.stdout.write(JSON.stringify({ readOnly: store.readOnly, documents, notices, writeError, text }))
