// One team member's sync in its own process (tests/bench/sync.ts), so that its peak memory is
// the syncing process's alone: opens (or creates) the workspace, connects it to the team
// database, runs one sync and prints the time, the report and the process's max RSS as JSON.
import { performance } from 'node:perf_hooks'
import { WorkbenchSession } from '../../src/main/services/workbench-session'

const [dir, seedsDir, url, user] = process.argv.slice(2)
const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })

async function call(operation: string, input: unknown = {}): Promise<unknown> {
  const outcome = await session.dispatch(operation as never, input as never)
  if (!outcome.ok) throw new Error(`${operation}: ${outcome.error.code} ${outcome.error.message}`)
  return outcome.value
}

const openedAt = performance.now()
await session.start(dir)
await call('settings.update', { annotator: user })
await call('sync.configure', { url, db: 'team', user })
const startedAt = performance.now()
const cpuAtStart = process.cpuUsage()
const report = await call('sync.run')
const syncMs = performance.now() - startedAt
const cpu = process.cpuUsage(cpuAtStart)
const sources = (await call('sources.list')) as Array<{ name: string; annotationCount: number }>
const documents = (await call('documents.list')) as unknown[]
await session.close()
process.stdout.write(
  JSON.stringify({
    syncMs,
    /** CPU time of this process during the sync (the rest is waiting for the server and the disk). */
    cpuMs: (cpu.user + cpu.system) / 1000,
    totalMs: performance.now() - openedAt,
    report,
    documents: documents.length,
    sources: sources.map((source) => ({ name: source.name, annotationCount: source.annotationCount })),
    // resourceUsage reports kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
)
