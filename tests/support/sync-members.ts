// Team members for the sync tests: a real workspace (the seeds) behind a real session, connected
// to a test server through the contract, as the app and the CLI connect.
import { join } from 'node:path'
import type { ApiInput, ApiResult, OperationName } from '../../src/shared/api'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from './paths'

const noDialogs: Dialogs = { chooseFolder: async () => null, chooseFiles: async () => [] }

export interface Member {
  name: string
  dir: string
  session: WorkbenchSession
  call<K extends OperationName>(name: K, input?: ApiInput<K>): Promise<ApiResult<K>>
  /** The error code of a call that must fail. */
  fail<K extends OperationName>(name: K, input?: ApiInput<K>): Promise<{ code: string; message: string }>
  close(): Promise<void>
}

export async function openMember(name: string, dir?: string): Promise<Member> {
  const folder = dir ?? join(await tempDir(`sync-${name}`), 'ws')
  const session = new WorkbenchSession({ seedsDir, dialogs: noDialogs })
  await session.start(folder)
  const member: Member = {
    name,
    dir: folder,
    session,
    async call(operation, input) {
      const outcome = await session.dispatch(operation, input ?? {})
      if (!outcome.ok) throw new Error(`${name}: ${operation}: ${outcome.error.code} ${outcome.error.message}`)
      return outcome.value as never
    },
    async fail(operation, input) {
      const outcome = await session.dispatch(operation, input ?? {})
      if (outcome.ok) throw new Error(`${name}: ${operation} succeeded`)
      return outcome.error
    },
    close: () => session.close(),
  }
  if (!dir) await member.call('settings.update', { annotator: name })
  return member
}

export async function joinTeam(member: Member, url: string, db = 'team', password?: string): Promise<void> {
  await member.call('sync.configure', { url, db, user: member.name, ...(password !== undefined ? { password } : {}) })
}

/** The first seed document and a few spans in it that do not overlap. */
export async function spans(member: Member, count: number, width = 4): Promise<{ documentId: string; spans: Array<{ start: number; end: number }> }> {
  const [first] = await member.call('documents.list')
  const { text } = await member.call('documents.get', { id: first.id })
  if (count * (width + 1) > text.length) throw new Error('document too short')
  return { documentId: first.id, spans: Array.from({ length: count }, (_, index) => ({ start: index * (width + 1), end: index * (width + 1) + width })) }
}

/** Room for `count` annotations of `width` characters across the workspace's documents, none overlapping. */
export async function spread(member: Member, count: number, width = 2): Promise<Array<{ documentId: string; start: number; end: number }>> {
  const found: Array<{ documentId: string; start: number; end: number }> = []
  for (const doc of await member.call('documents.list')) {
    for (let start = 0; start + width <= doc.textLength && found.length < count; start += width + 1) found.push({ documentId: doc.id, start, end: start + width })
  }
  if (found.length < count) throw new Error(`room for ${found.length} annotations, not ${count}`)
  return found
}

/** Many accepted annotations in one write per document (as accepting a run of suggestions makes them). */
export async function addAcceptedInBulk(member: Member, count: number): Promise<number> {
  const store = member.session.workspace!
  const byDocument = new Map<string, Array<{ start: number; end: number }>>()
  for (const span of await spread(member, count)) byDocument.set(span.documentId, [...(byDocument.get(span.documentId) ?? []), span])
  for (const [documentId, list] of byDocument) {
    await store.addSuggestions(documentId, () => list.map((span) => ({ ...span, label: 'target', attributes: { value: span.start }, suggestion: { confidence: 1, rule: 'test' } })))
    await store.updateAnnotationsWhere(documentId, (annotation) => annotation.status === 'suggested', () => ({ status: 'accepted' }))
  }
  return count
}
