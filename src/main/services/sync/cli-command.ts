// The CLI's `sync <ws> --url <url> --db <name> --user <name>` (issue 11): one sync on the same
// service as the app. The password comes from POLICY_WORKBENCH_SYNC_PASSWORD, never from an
// argument (which other users of the machine can read in the process list).
import { resolve } from 'node:path'
import { SyncSettingsSchema } from '../../../shared/sync/status'
import { SourceStore } from '../sources'
import { WorkspaceStore } from '../workspace-store'
import { SyncService, type SyncSecrets } from './sync-service'

export const SYNC_PASSWORD_VARIABLE = 'POLICY_WORKBENCH_SYNC_PASSWORD'

export interface SyncCommandOptions {
  url?: string
  db?: string
  user?: string
  allowHttp: boolean
}

/** The password of this run, whatever the account; nothing is stored. */
function environmentSecrets(): SyncSecrets {
  return { get: async () => process.env[SYNC_PASSWORD_VARIABLE] ?? null, set: async () => undefined }
}

export async function syncCommand(
  args: string[],
  options: SyncCommandOptions,
  out: { json: boolean; print: (text: string) => void },
  usage: (message: string) => Error,
): Promise<number> {
  if (args.length !== 1) throw usage('sync takes one workspace folder')
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
    const sources = new SourceStore(store)
    const service = new SyncService(store, () => sources, environmentSecrets())
    try {
      const known = await service.settings()
      const wanted = { url: options.url ?? known?.url, db: options.db ?? known?.db, user: options.user ?? known?.user, allowHttp: options.allowHttp }
      if (!wanted.url || !wanted.db || !wanted.user) throw usage('sync needs --url, --db and --user the first time')
      const parsed = SyncSettingsSchema.safeParse(wanted)
      if (!parsed.success) throw usage(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '))
      await service.configure(parsed.data)
      const report = await service.run()
      if (out.json) out.print(JSON.stringify(report, null, 2))
      else {
        out.print(`pushed ${report.pushed}, pulled ${report.pulled}, conflicts ${report.conflicts}, pending ${report.pending}`)
        for (const problem of report.refused) out.print(`refused from the server: ${problem.id}: ${problem.reason}`)
        for (const problem of report.rejected) out.print(`refused by the server: ${problem.id}: ${problem.reason}`)
      }
      return report.rejected.length > 0 ? 1 : 0
    } finally {
      await service.close()
      // The pulled layers' summaries and row files, written behind the layers' files.
      await sources.indexesWritten()
    }
  })
}
