// Team sync (issue 11) against pouchdb-server in memory on loopback: the first push of a
// 1,000-document, 200,000-annotation workspace, the first pull of it into an empty workspace
// (in a child process, whose peak memory is measured), then 100 edits synced to the other side.
// `SYNC_BENCH_DOCUMENTS=100 tsx tests/bench/sync.ts` runs it at a tenth of the scale.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { teamSourceId } from '../../src/main/services/sync/team-sources'
import type { Annotation } from '../../src/shared/model'
import { startCouchServer } from '../support/couch-server'
import { projectRoot, seedsDir, tempDir } from '../support/paths'
import { printFigures, type Figure } from './figures'
import { generateWorkspace } from './store-generate'

const DOCUMENTS = Number(process.env.SYNC_BENCH_DOCUMENTS ?? 1000)
const ANNOTATIONS_PER_DOCUMENT = 200
const EDITS = 100

interface MemberRun {
  syncMs: number
  cpuMs: number
  totalMs: number
  report: { pushed: number; pulled: number; pending: number; refused: unknown[]; rejected: unknown[] }
  documents: number
  sources: Array<{ name: string; annotationCount: number }>
  maxRssMb: number
}

async function syncInChild(dir: string, url: string, user: string): Promise<MemberRun> {
  // SYNC_BENCH_PROFILE=<folder> writes a CPU profile of each member's process there.
  const profile = process.env.SYNC_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.SYNC_BENCH_PROFILE] : []
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...profile, '--import', 'tsx', join(projectRoot, 'tests/bench/sync-member.ts'), dir, seedsDir, url, user], {
    cwd: projectRoot,
    maxBuffer: 64 * 1024 * 1024,
  })
  if (stderr.trim()) console.log(stderr.trim())
  return JSON.parse(stdout) as MemberRun
}

/** CPU seconds a process has used (user + system), from /proc; 0 where there is none. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null)
  if (!stat) return 0
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function openSession(dir: string): Promise<{ session: WorkbenchSession; call: <T>(operation: string, input?: unknown) => Promise<T> }> {
  const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
  await session.start(dir)
  const call = async <T>(operation: string, input: unknown = {}): Promise<T> => {
    const outcome = await session.dispatch(operation as never, input as never)
    if (!outcome.ok) throw new Error(`${operation}: ${outcome.error.code} ${outcome.error.message}`)
    return outcome.value as T
  }
  return { session, call }
}

export async function benchSync(): Promise<{ title: string; figures: Figure[] }> {
  const total = DOCUMENTS * ANNOTATIONS_PER_DOCUMENT
  const analystDir = join(await tempDir('bench-sync'), 'analyst')
  const supervisorDir = join(await tempDir('bench-sync'), 'supervisor')
  let started = performance.now()
  await generateWorkspace(analystDir, seedsDir, DOCUMENTS, ANNOTATIONS_PER_DOCUMENT)
  console.log(`generated ${DOCUMENTS} documents × ${ANNOTATIONS_PER_DOCUMENT} annotations in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  const server = await startCouchServer()
  try {
    await server.createDatabase('team')
    let serverCpu = await cpuSeconds(server.pid)
    const push = await syncInChild(analystDir, server.url, 'ana')
    const pushServerCpu = (await cpuSeconds(server.pid)) - serverCpu
    if (push.report.pending !== 0) throw new Error(`push left ${push.report.pending} pending`)
    console.log(`first push: ${(push.syncMs / 1000).toFixed(1)} s (CPU ${(push.cpuMs / 1000).toFixed(1)} s), ${push.report.pushed} records, max RSS ${push.maxRssMb.toFixed(0)} MB, server CPU ${pushServerCpu.toFixed(1)} s`)
    serverCpu = await cpuSeconds(server.pid)
    const pull = await syncInChild(supervisorDir, server.url, 'wang')
    const pullServerCpu = (await cpuSeconds(server.pid)) - serverCpu
    const layer = pull.sources.find((source) => source.name === 'ana')
    // The empty workspace starts with the seeds, which its sync sends in turn.
    if (pull.documents < DOCUMENTS || layer?.annotationCount !== total) {
      throw new Error(`pull brought ${pull.documents} documents and ${layer?.annotationCount} annotations, not ${DOCUMENTS} and ${total}`)
    }
    console.log(`first pull: ${(pull.syncMs / 1000).toFixed(1)} s (CPU ${(pull.cpuMs / 1000).toFixed(1)} s), ${pull.report.pulled} records, max RSS ${pull.maxRssMb.toFixed(0)} MB, server CPU ${pullServerCpu.toFixed(1)} s`)

    // 100 edits on the analyst's machine, then her sync and the supervisor's, until he sees them.
    const analyst = await openSession(analystDir)
    const supervisor = await openSession(supervisorDir)
    try {
      const documents = await analyst.call<Array<{ id: string }>>('documents.list')
      const edited: string[] = []
      for (let n = 0; n < EDITS; n++) {
        const documentId = documents[(n * 7) % documents.length].id
        const annotations = await analyst.call<Annotation[]>('annotations.list', { documentId })
        const target = annotations[n % annotations.length]
        await analyst.call('annotations.update', { documentId, id: target.id, attributes: { ...target.attributes, note: `edit ${n}` } })
        edited.push(target.id)
      }
      // The supervisor has her layer open (it is read once, as any view of it reads it).
      await supervisor.call('annotations.listAll', { source: teamSourceId('ana') })
      started = performance.now()
      const sent = await analyst.call<{ pushed: number }>('sync.run')
      const pushedMs = performance.now() - started
      const received = await supervisor.call<{ pulled: number }>('sync.run')
      const layerNow = await supervisor.call<Annotation[]>('annotations.listAll', { source: teamSourceId('ana') })
      const visibleMs = performance.now() - started
      const byId = new Map(layerNow.map((annotation) => [annotation.id, annotation]))
      const seen = edited.filter((id, n) => byId.get(id)?.attributes.note === `edit ${n}`).length
      if (seen !== EDITS || layerNow.length !== total) throw new Error(`the supervisor sees ${seen} of ${EDITS} edits and ${layerNow.length} of ${total} annotations`)
      console.log(`100 edits: pushed ${sent.pushed} in ${pushedMs.toFixed(0)} ms, pulled ${received.pulled}, visible after ${visibleMs.toFixed(0)} ms`)
      return {
        title: `Team sync against pouchdb-server in memory: ${DOCUMENTS} documents, ${total.toLocaleString('en')} annotations`,
        figures: [
          { name: 'first push of the workspace (replica filled, sent to the server)', value: push.syncMs / 1000, unit: 's', budget: 120 },
          { name: 'first pull into an empty workspace (documents and the teammate layer)', value: pull.syncMs / 1000, unit: 's', budget: 120 },
          { name: 'peak memory of the pulling process (max RSS)', value: pull.maxRssMb, unit: 'MB', budget: 600 },
          { name: `${EDITS} edits: from the analyst's sync start until the supervisor sees them`, value: visibleMs, unit: 'ms', budget: 2000 },
        ],
      }
    } finally {
      await analyst.session.close()
      await supervisor.session.close()
    }
  } finally {
    await server.stop()
  }
}

if (process.argv[1]?.endsWith('sync.ts')) {
  const { title, figures } = await benchSync()
  process.exitCode = printFigures(title, figures) ? 0 : 1
}
