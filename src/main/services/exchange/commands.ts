// The CLI's `annotations import|export` and `agree` (DESIGN §9), on the same services as the app.
import { writeFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { AgreementReport } from '../../../shared/agreement'
import { ExchangeError, exchangeFormats, type ExchangeFormat } from '../../../shared/exchange/common'
import { agreementFromBundles } from '../../../shared/exchange/agree-files'
import { builtInLabels, defaultSettings, type Locale } from '../../../shared/model'
import { codePointLength } from '../../../shared/offsets'
import { WORKSPACE_SOURCE_ID } from '../../../shared/review'
import { AppError } from '../app-error'
import { SourceStore } from '../sources'
import { checkSource } from '../source-views'
import { WorkspaceStore, type StoreOptions } from '../workspace-store'
import { duplicateChoices, exportAnnotations, importBundle, readAnnotationFile, type DuplicateChoice } from '.'

export interface CommandOutput {
  json: boolean
  print: (text: string) => void
  /** The language of messages (--lang); the workspace's when absent. */
  locale?: Locale
}

export interface AnnotationsOptions {
  format?: string
  out?: string
  name?: string
  source?: string
  /** Only this document. */
  documentId?: string
  includeText: boolean
  maxMegabytes?: number
  /** import: what to do when the file's content was imported before (default: refuse). */
  onDuplicate?: string
  /** export: who the file says annotated it, when Settings has no name (or another is wanted). */
  annotator?: string
  /** How import opens the workspace (--force-unlock) and how export does (read-only, without the lock). */
  writeAccess?: StoreOptions
  readAccess?: StoreOptions
  /** Reports what opening said (a note on stderr, fields for --json). */
  announce?: (store: WorkspaceStore) => Record<string, unknown>
  /** --max-rows: the largest annotation file to import, in rows (default: the workspace's setting). */
  maxRows?: number
}


export async function annotationsCommand(
  args: string[],
  options: AnnotationsOptions,
  out: CommandOutput,
  usage: (message: string) => Error,
): Promise<number> {
  const [action, dir, file] = args
  if (action === 'import') {
    if (!dir || !file || args.length !== 3) throw usage('annotations import takes a workspace folder and one file')
    const onDuplicate = options.onDuplicate
    if (onDuplicate !== undefined && !(duplicateChoices as readonly string[]).includes(onDuplicate)) {
      throw usage(`--on-duplicate takes ${duplicateChoices.join(' or ')}, not ${onDuplicate}`)
    }
    return WorkspaceStore.using(resolve(dir), async (store) => {
      options.announce?.(store)
      const maxBytes = (options.maxMegabytes ?? store.settings.maxImportMegabytes ?? defaultSettings.maxImportMegabytes) * 1024 * 1024
      const maxRows = options.maxRows ?? store.settings.maxImportRows
      const bundle = await readAnnotationFile({ kind: 'path', path: resolve(file) }, maxBytes, store.labels, out.locale ?? store.settings.locale, maxRows)
      const report = await importBundle(store, new SourceStore(store), bundle, {
        fileName: basename(file),
        name: options.name,
        importDocuments: true,
        ...(onDuplicate ? { onDuplicate: onDuplicate as DuplicateChoice } : {}),
      })
      if (out.json) out.print(JSON.stringify(report, null, 2))
      else {
        out.print(`${report.imported} annotation(s) imported as source “${report.source.name}” (${report.source.id}); ${report.reanchored} re-anchored`)
        for (const doc of report.documentsAdded) out.print(`document added: ${doc.id}  ${doc.title}`)
        for (const key of report.createdIndicators) out.print(`indicator created: ${key}`)
        for (const problem of report.problems) out.print(`not anchored: row ${problem.row}  ${problem.reason}  ${problem.document}  ${problem.quote.slice(0, 40)}`)
      }
      return 0
    }, options.writeAccess)
  }
  if (action === 'export') {
    if (!dir || args.length !== 2) throw usage('annotations export takes a workspace folder')
    if (!options.format || !(exchangeFormats as readonly string[]).includes(options.format)) throw usage(`--format must be one of ${exchangeFormats.join(', ')}`)
    if (!options.out) throw usage('annotations export needs --out <file>')
    return WorkspaceStore.using(resolve(dir), async (store) => {
      const opened = options.announce?.(store) ?? {}
      // An unknown --source is named with the sources there are (issue 10).
      if (options.source) await checkSource(new SourceStore(store), options.source)
      const result = await exportAnnotations(store, new SourceStore(store), {
        format: options.format as ExchangeFormat,
        sourceId: options.source ?? WORKSPACE_SOURCE_ID,
        includeText: options.includeText,
        ...(options.documentId ? { documentIds: [options.documentId] } : {}),
        ...(options.annotator !== undefined ? { annotator: options.annotator } : {}),
      })
      await writeFile(resolve(options.out!), result.bytes)
      const summary = { out: resolve(options.out!), format: options.format, annotations: result.annotations, documents: result.documents, losses: result.losses, ...opened }
      if (out.json) out.print(JSON.stringify(summary, null, 2))
      else {
        out.print(`${result.annotations} annotation(s) of ${result.documents} document(s) written to ${summary.out}`)
        for (const loss of result.losses) out.print(`not carried by ${options.format}: ${loss.field} (${loss.count})`)
      }
      return 0
    }, options.readAccess)
  }
  throw usage('annotations takes import or export')
}

function figure(value: number | null): string {
  return value === null ? '   —  ' : value.toFixed(3).padStart(6)
}

export function printAgreement(report: AgreementReport, print: (text: string) => void): void {
  const name = (id: string) => report.sources.find((source) => source.id === id)?.name ?? id
  print(`${report.documents} document(s); sources: ${report.sources.map((source) => `${source.name} (${source.spans})`).join(', ')}`)
  for (const entry of report.labels) print(`${entry.label.padEnd(14)} ${entry.method === 'cohen' ? 'Cohen κ' : 'Fleiss κ'} ${figure(entry.kappa)}  α ${figure(entry.alpha)}`)
  for (const pair of report.pairs) {
    print(`${name(pair.a)} × ${name(pair.b)}: F1 exact ${figure(pair.exact.f1)}, overlap ${figure(pair.overlap.f1)}`)
    for (const entry of pair.labels) print(`  ${entry.label.padEnd(14)} exact ${figure(entry.exact.f1)}  overlap ${figure(entry.overlap.f1)}  κ ${figure(entry.kappa)}`)
    for (const attribute of pair.attributes) print(`  ${attribute.attribute.padEnd(14)} ${attribute.agreed}/${attribute.compared} agree`)
  }
}

/**
 * `lengths` says where each document's length came from: a workspace (`--ws`), the files (a
 * native file with texts or lengths), or, for CSV files alone, the last annotation in it.
 */
export async function agreeCommand(
  files: string[],
  out: CommandOutput,
  usage: (message: string) => Error,
  maxMegabytes = defaultSettings.maxImportMegabytes,
  maxRows = defaultSettings.maxImportRows,
  workspaceDir?: string,
): Promise<number> {
  if (files.length < 2) throw usage('agree takes two or more annotation files')
  const bundles = []
  for (const file of files) {
    const bundle = await readAnnotationFile({ kind: 'path', path: resolve(file) }, maxMegabytes * 1024 * 1024, builtInLabels, out.locale ?? 'zh-CN', maxRows)
    bundles.push({ name: bundle.annotator || basename(file), bundle })
  }
  const lengths = workspaceDir ? await workspaceLengths(resolve(workspaceDir)) : null
  // Documents the workspace does not hold still end at their last annotation; they are named.
  const notInWorkspace = new Set<string>()
  const lengthOf = (key: string) => {
    const length = lengths?.get(key)
    if (length === undefined) notInWorkspace.add(key)
    return length
  }
  let report: AgreementReport
  try {
    report = agreementFromBundles(bundles, undefined, lengths ? lengthOf : undefined)
  } catch (error) {
    // The CLI prints AppErrors in the user's words; a format problem arrives as an ExchangeError.
    if (error instanceof ExchangeError) throw new AppError(error.code, error.params)
    throw error
  }
  const onlyCsv = bundles.every(({ bundle }) => bundle.format === 'csv')
  const lengthsFrom = lengths ? 'workspace' : onlyCsv ? 'last-annotation' : 'files'
  if (out.json) out.print(JSON.stringify({ ...report, lengths: lengthsFrom, ...(lengths ? { notInWorkspace: [...notInWorkspace] } : {}) }, null, 2))
  else {
    printAgreement(report, out.print)
    if (lengthsFrom === 'last-annotation') {
      out.print('note: CSV files do not give the documents\' lengths, so each document is taken to end at its last annotation; pass --ws <workspace> to use the texts\' lengths')
    }
    if (notInWorkspace.size > 0) out.print(`note: not in the workspace, so taken to end at their last annotation: ${[...notInWorkspace].join(', ')}`)
  }
  return 0
}

/** Each document's length in code points, by id and by file name, as agreement matches them. */
async function workspaceLengths(dir: string): Promise<Map<string, number>> {
  return WorkspaceStore.using(dir, async (store) => {
    const lengths = new Map<string, number>()
    for (const doc of store.documents) {
      if (store.isMissing(doc.id)) continue
      const length = codePointLength(await store.text(doc.id))
      lengths.set(doc.id, length)
      if (doc.source.fileName && !lengths.has(doc.source.fileName)) lengths.set(doc.source.fileName, length)
    }
    return lengths
  }, { withoutLock: true })
}
