// `sources <ws>` and `annotations adopt <ws> --source …` (issue 10): the sources a workspace
// holds, and adopting one into the workspace's own annotations, on the app's services.
import { resolve } from 'node:path'
import { conflictChoices, type ConflictChoice } from '../shared/adopt'
import { CURATED_SOURCE_ID } from '../shared/review'
import { AppError } from '../main/services/app-error'
import { adoptSource, checkStoredSource } from '../main/services/source-views'
import type { CompareReportSource } from '../main/services/compare-report'
import { SourceStore } from '../main/services/sources'
import { WorkspaceStore, type StoreOptions } from '../main/services/workspace-store'

export interface SourceCommandOutput {
  json: boolean
  print: (text: string) => void
}

/** Listing only reads: by default without the workspace's lock, so it works while the app has it open. */
export async function sourcesCommand(args: string[], out: SourceCommandOutput, usage: (message: string) => Error, access: StoreOptions = { withoutLock: true }): Promise<number> {
  if (args.length !== 1) throw usage('sources takes one workspace folder')
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
    const sources = (await new SourceStore(store).list()).map((source) => ({
      id: source.id,
      name: source.name,
      kind: source.kind,
      // Imported sources are named after their annotator; the workspace's is the annotator in Settings.
      annotator: source.kind === 'workspace' ? store.settings.annotator : source.name,
      annotations: source.annotationCount,
      documents: source.documentIds.length,
      fileName: source.fileName,
      format: source.format,
      importedAt: source.importedAt,
    }))
    if (out.json) out.print(JSON.stringify({ workspace: store.dir, sources }, null, 2))
    else for (const source of sources) out.print(`${source.id.padEnd(36)}  ${source.kind.padEnd(9)}  ${String(source.annotations).padStart(6)}  ${source.name}`)
    return 0
  }, access)
}

export async function adoptCommand(
  args: string[],
  options: { source?: string; onConflict?: string },
  out: SourceCommandOutput,
  usage: (message: string) => Error,
  access?: StoreOptions,
): Promise<number> {
  const [dir] = args
  if (!dir || args.length !== 1) throw usage('annotations adopt takes a workspace folder')
  if (!options.source) throw usage(`annotations adopt needs --source <id|${CURATED_SOURCE_ID}>`)
  const choice = options.onConflict ?? 'keep-mine'
  if (!(conflictChoices as readonly string[]).includes(choice)) throw usage(`--on-conflict must be one of ${conflictChoices.join(', ')}`)
  return WorkspaceStore.using(resolve(dir), async (store) => {
    if (store.readOnly) throw new AppError('ADOPT_READ_ONLY', { path: store.dir })
    const summary = await adoptSource(store, new SourceStore(store), options.source!, { defaultChoice: choice as ConflictChoice })
    if (out.json) out.print(JSON.stringify(summary, null, 2))
    else {
      out.print(
        `${summary.added} added, ${summary.identical} identical, ${summary.conflicts} conflict(s): ${summary.kept} kept mine, ${summary.replaced} replaced by theirs`,
      )
    }
    return 0
  }, access)
}

/** The annotations `compare --source` reads, or a clear message when there is no such source. */
export async function sourceForCompare(store: WorkspaceStore, source: string): Promise<CompareReportSource> {
  const sources = new SourceStore(store)
  const summary = await checkStoredSource(sources, source)
  // A teammate's layer from its figure summaries (source-layer-index.ts), not every document's file whole.
  const layered = await sources.layerIndexes(summary.id)
  return layered ? { id: summary.id, figures: await layered.figureArrays() } : { id: summary.id, annotations: await sources.annotations(summary.id) }
}
