// policy-workbench: the workbench's services from a command line (DESIGN §9).
// Exit codes: 0 success, 1 a user error with a clear message, 2 an internal error.
import { realpathSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { formatError, formatNotice } from '../shared/messages'
import { defaultSettings, type DocumentRecord, type Locale } from '../shared/model'
import { AppError } from '../main/services/app-error'
import { cleanupRules } from '../shared/cleanup'
import { ImportPreviews } from '../main/services/import-preview'
import { LINE_ENDINGS_NORMALIZED } from '../main/services/importers'
import { createWorkspace } from '../main/services/workbench-session'
import { compareReport } from '../main/services/compare-report'
import { prettyJsonPieces } from '../shared/json-pieces'
import { unplacedReasonText, type UnplacedFigure } from '../shared/compare-unplaced'
import { WorkspaceStore, type StoreOptions } from '../main/services/workspace-store'
import { suggestForDocument, suggestionJson } from '../main/services/suggest'
import { makeOffsetConverter } from '../shared/offsets'
import { agreeCommand, annotationsCommand } from '../main/services/exchange/commands'
import { documentsCommand } from '../main/services/documents-command'
import { MAX_IMPORT_ROWS_CEILING } from '../shared/model'
import { adoptCommand, sourceForCompare, sourcesCommand } from './source-commands'
import { syncCommand } from '../main/services/sync/cli-command'

const seedsDir = join(dirname(fileURLToPath(import.meta.url)), '../../seeds')

const usage = `policy-workbench <command> [options]

Commands:
  init <workspace> [--with-seeds]    create an empty workspace (--with-seeds: the sample corpus)
  import <workspace> <files...>      import documents (.txt in UTF-8/UTF-16/GBK/Big5, .docx, .html, .pdf),
                                     with the proposed clean-up (--no-cleanup: as they are);
                                     files over --max-mb megabytes (default 50) are refused
  list <workspace>                   list the documents of a workspace
  compare <workspace>                targets against actuals per indicator and year (met, missed,
                                     no-evidence, not-due); --tolerance <percent> for ≈ targets;
                                     then the targets and achievements it could not place (unplaced)
  annotations import <workspace> <file>
                                     an annotation file (.pwb.json, .csv, .qdpx) as a separate source
                                     named after its annotator (--name to override); a file
                                     imported before is refused unless --on-duplicate replace
                                     (that source) or --on-duplicate keep-both (“name (2)”);
                                     files of more than --max-rows annotations (default: the
                                     workspace's setting, 100000) are refused
  annotations export <workspace> --format csv|json|w3c|qdpx --out <file>
                                     the workspace's annotations (--source <id>: an imported or the
                                     curated source; --doc <id>: one document; --include-text:
                                     texts in the .pwb.json; --annotator NAME: who annotated,
                                     needed when Settings has no annotator name)
  suggest <workspace> [--doc ID] [--apply]
                                     proposed targets, achievements and commitments per document
                                     (--apply: store them as suggestions to review in the reader)
  agree <file> <file>...             agreement between annotation files: span F1, Cohen/Fleiss kappa
                                     and Krippendorff's alpha per label, attribute agreement
  documents delete <workspace> <id>  delete a document: its text and annotations move to
                                     backups/deleted-documents/<id>/
  documents restore <workspace> <id> put a deleted document back, annotations and all
  documents deleted <workspace>      list the deleted documents that can be restored
  agree … --ws <workspace>           documents' lengths from that workspace's texts (CSV files do not
                                     carry them; without --ws a document ends at its last annotation)
  sources <workspace>                the annotation sources: workspace (its own), each imported one,
                                     curated (id, name, kind, annotator, annotations)
  compare <workspace> --source <id|workspace|curated>
                                     the matrix over a source's annotations
  annotations adopt <workspace> --source <id|curated> [--on-conflict keep-mine|take-theirs|keep-both]
                                     copies a source into the workspace's own annotations (default
                                     keep-mine); prints added, identical, conflicts, kept, replaced

Commands that only read (list, compare, annotations export, suggest without --apply) open the
workspace read-only without taking its lock, so they work while the app has it open.
  sync <workspace> --url <url> --db <name> --user <name>
                                     one sync with the team's CouchDB database: prints pushed, pulled,
                                     conflicts, pending; password from POLICY_WORKBENCH_SYNC_PASSWORD;
                                     plain HTTP only to this machine unless --allow-http

Options:
  --force-unlock  take over the workspace's lock when it is held by another computer or by a
                  process that cannot be confirmed to be a workbench (says whose lock it was)
  --json          machine-readable output
  --lang zh-CN|en language of messages (default: from LANG)
  -h, --help      this help`

export class UsageError extends Error {}

interface Output {
  json: boolean
  locale: Locale
  print: (text: string) => void
  printError: (text: string) => void
  /** How write commands open the workspace (--force-unlock). */
  writeAccess: StoreOptions
}

/** Read commands: read-only, without the lock (the app may hold it). */
const readAccess: StoreOptions = { withoutLock: true }

/**
 * What opening the workspace had to say (read without the lock, a lock taken over, a file
 * restored): on stderr in text mode, as fields of the --json output.
 */
function announce(store: WorkspaceStore, out: Output): { openedWithoutLock?: true; notices?: string[] } {
  const notices = store.notices.map((notice) => formatNotice(notice.code, notice.params, out.locale))
  if (!out.json) for (const notice of notices) out.printError(notice)
  return { ...(store.withoutLock ? { openedWithoutLock: true as const } : {}), ...(notices.length > 0 ? { notices } : {}) }
}

function documentJson(doc: DocumentRecord, annotations?: number, chars = doc.textLength) {
  return {
    id: doc.id,
    sha256: doc.sha256,
    title: doc.title,
    year: doc.meta.year,
    docType: doc.meta.docType,
    script: doc.meta.script,
    chars,
    ...(annotations === undefined ? {} : { annotations }),
  }
}

function documentLine(doc: DocumentRecord, chars = doc.textLength): string {
  return [doc.id, doc.meta.year ?? '----', doc.meta.docType.padEnd(24), String(chars).padStart(7), doc.title].join('  ')
}

/** A document's length in code points, the unit of every count that leaves the app (DESIGN §6). */
async function codePoints(store: WorkspaceStore, doc: DocumentRecord): Promise<number> {
  if (store.isMissing(doc.id)) return doc.textLength
  return makeOffsetConverter(await store.text(doc.id)).codePointLength
}


async function init(args: string[], withSeeds: boolean, out: Output): Promise<number> {
  if (args.length !== 1) throw new UsageError('init takes one workspace folder')
  const dir = resolve(args[0])
  const store = await createWorkspace(dir, withSeeds ? seedsDir : null, out.writeAccess)
  try {
    announce(store, out)
    const documents = []
    const lines = []
    for (const doc of store.documents) {
      const chars = await codePoints(store, doc)
      documents.push(documentJson(doc, undefined, chars))
      lines.push(documentLine(doc, chars))
    }
    if (out.json) out.print(JSON.stringify({ workspace: dir, documents }, null, 2))
    else {
      out.print(`${dir}: ${documents.length} document(s)`)
      for (const line of lines) out.print(line)
    }
    return 0
  } finally {
    await store.close()
  }
}

async function importFiles(args: string[], cleanup: boolean, maxMegabytes: number, out: Output): Promise<number> {
  if (args.length < 2) throw new UsageError('import takes a workspace folder and at least one file')
  const [dir, ...files] = args
  // The same path as the app's import preview, with every proposed clean-up rule accepted
  // (or none, with --no-cleanup).
  const previews = new ImportPreviews(() => ({ maxFileBytes: maxMegabytes * 1024 * 1024 }))
  return WorkspaceStore.using(resolve(dir), async (store) => {
    announce(store, out)
    const results = []
    for (const file of files) {
      try {
        const preview = await previews.add({ kind: 'path', path: resolve(file) }, out.locale)
        const input = previews.take(preview.token, { disabledRules: cleanup ? [] : cleanupRules.map((rule) => rule.id) })
        const [added] = await store.addDocuments([input])
        results.push({
          file,
          status: added.status,
          ...documentJson(added.document, undefined, await codePoints(store, added.document)),
          encoding: preview.encoding,
          // Normalised line endings are reported once, as an applied step.
          warnings: [
            ...preview.warnings.filter((warning) => warning !== LINE_ENDINGS_NORMALIZED),
            ...(input.cleanupApplied ?? []).map((step) => `applied ${step}`),
          ],
        })
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        results.push({ file, status: 'failed', error: { code: error.code, message: formatError(error.code, error.params, out.locale) } })
      }
    }
    if (out.json) out.print(JSON.stringify({ workspace: store.dir, results }, null, 2))
    else {
      for (const result of results) {
        out.print('error' in result ? `failed     ${result.file}: ${result.error?.message}` : `${result.status.padEnd(10)} ${result.id}  ${result.year ?? '----'}  ${result.title}`)
      }
    }
    return results.some((result) => result.status === 'failed') ? 1 : 0
  }, out.writeAccess)
}

async function list(args: string[], out: Output): Promise<number> {
  if (args.length !== 1) throw new UsageError('list takes one workspace folder')
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
    const opened = announce(store, out)
    const documents = []
    const lines = []
    for (const doc of store.documents) {
      const chars = await codePoints(store, doc)
      documents.push(documentJson(doc, await store.annotationCount(doc.id), chars))
      lines.push(documentLine(doc, chars))
    }
    if (out.json) out.print(JSON.stringify({ workspace: store.dir, ...opened, documents }, null, 2))
    else {
      out.print(`${store.dir}: ${documents.length} document(s)`)
      for (const line of lines) out.print(line)
    }
    return 0
  }, readAccess)
}

async function compare(args: string[], tolerance: string | undefined, out: Output, source?: string): Promise<number> {
  if (args.length !== 1) throw new UsageError('compare takes one workspace folder')
  const percent = tolerance === undefined ? undefined : Number(tolerance)
  if (percent !== undefined && !(percent >= 0 && percent <= 100)) throw new UsageError(`--tolerance takes a percentage from 0 to 100, not ${tolerance}`)
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
    const opened = announce(store, out)
    const report = await compareReport(store, percent, source === undefined || source === 'workspace' ? undefined : await sourceForCompare(store, source))
    if (out.json) for (const piece of prettyJsonPieces({ ...report, ...opened })) out.print(piece)
    else {
      out.print(`source: ${report.source}`)
      for (const indicator of report.indicators) {
        out.print(`${indicator.name} (${indicator.unit})`)
        for (const year of indicator.years) {
          const figures = [...year.targets.map((target) => `target ${target.text}`), ...year.actuals.map((actual) => `actual ${actual.text}`)]
          out.print(`  ${year.year}  ${(year.status ?? '').padEnd(11)}  ${figures.join('; ')}${year.conflict ? '  (conflicting actuals)' : ''}`)
        }
      }
      printUnplaced(report.unplaced, out)
    }
    return 0
  }, readAccess)
}

function printUnplaced(unplaced: UnplacedFigure[], out: Output): void {
  if (unplaced.length === 0) return
  out.print(out.locale === 'en' ? `Not in the matrix (${unplaced.length}):` : `未列入矩阵（${unplaced.length}）：`)
  for (const figure of unplaced) {
    out.print(`  ${figure.documentYear ?? '?'} ${figure.label.padEnd(11)} ${unplacedReasonText(figure, out.locale)}  ${figure.quote}  [${figure.documentId} ${figure.annotationId}]`)
  }
}

async function suggestCommand(args: string[], documentId: string | undefined, apply: boolean, out: Output): Promise<number> {
  if (args.length !== 1) throw new UsageError('suggest takes one workspace folder')
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
    const opened = announce(store, out)
    if (documentId !== undefined && !store.documents.some((doc) => doc.id === documentId)) {
      throw new UsageError(`no document ${documentId} in ${store.dir}`)
    }
    const ids = documentId === undefined ? store.documents.map((doc) => doc.id) : [documentId]
    const documents = []
    for (const id of ids) {
      const { text, proposals } = await suggestForDocument(store, id, apply)
      const offsets = makeOffsetConverter(text)
      documents.push({ documentId: id, suggestions: proposals.map((proposal) => suggestionJson(proposal, offsets)) })
    }
    if (out.json) out.print(JSON.stringify({ documents, ...opened }, null, 2))
    else {
      for (const doc of documents) {
        out.print(`${doc.documentId}: ${doc.suggestions.length} suggestion(s)${apply ? ' stored' : ''}`)
        for (const s of doc.suggestions) {
          const figure = s.value === null ? '' : `  ${s.comparator ?? ''}${s.value}${s.unit ?? ''}${s.periodYear ? ` (${s.periodYear})` : ''}`
          out.print(`  ${s.label.padEnd(11)} ${s.confidence.toFixed(2)}  ${s.start}-${s.end}${figure}  ${s.quote.slice(0, 40)}`)
        }
      }
    }
    return 0
  }, apply ? out.writeAccess : readAccess)
}

function megabytesOption(raw: string | undefined): number {
  if (raw === undefined) return defaultSettings.maxImportMegabytes
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--max-mb takes a whole number of megabytes, not ${raw}`)
  return value
}

/** --max-rows: the row cap for annotation files; undefined leaves the workspace's setting. */
function rowsOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > MAX_IMPORT_ROWS_CEILING) {
    throw new UsageError(`--max-rows takes a whole number of rows from 1 to ${MAX_IMPORT_ROWS_CEILING}, not ${raw}`)
  }
  return value
}

function localeFromEnvironment(): Locale {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || ''
  return lang.startsWith('zh') ? 'zh-CN' : 'en'
}

export async function runCli(argv: string[], print: (text: string) => void = console.log, printError: (text: string) => void = console.error): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'with-seeds': { type: 'boolean', default: false },
        'no-cleanup': { type: 'boolean', default: false },
        'max-mb': { type: 'string' },
        tolerance: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        name: { type: 'string' },
        source: { type: 'string' },
        'include-text': { type: 'boolean', default: false },
        doc: { type: 'string' },
        apply: { type: 'boolean', default: false },
        lang: { type: 'string' },
        'on-duplicate': { type: 'string' },
        annotator: { type: 'string' },
        'force-unlock': { type: 'boolean', default: false },
        'on-conflict': { type: 'string' },
        ws: { type: 'string' },
        url: { type: 'string' },
        db: { type: 'string' },
        user: { type: 'string' },
        'allow-http': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        'max-rows': { type: 'string' },
      },
    })
  } catch (error) {
    printError(`${(error as Error).message}\n\n${usage}`)
    return 1
  }
  const { values, positionals } = parsed
  const locale: Locale = values.lang === 'en' || values.lang === 'zh-CN' ? values.lang : localeFromEnvironment()
  const out: Output = { json: values.json, locale, print, printError, writeAccess: values['force-unlock'] ? { forceUnlock: true } : {} }
  const [command, ...args] = positionals
  if (values.help || !command) {
    print(usage)
    return values.help ? 0 : 1
  }
  try {
    switch (command) {
      case 'init':
        return await init(args, values['with-seeds'], out)
      case 'import':
        return await importFiles(args, !values['no-cleanup'], megabytesOption(values['max-mb']), out)
      case 'list':
        return await list(args, out)
      case 'compare':
        return await compare(args, values.tolerance, out, values.source)
      case 'sources':
        return await sourcesCommand(args, out, (message) => new UsageError(message), readAccess)
      case 'annotations':
        if (args[0] === 'adopt') return await adoptCommand(args.slice(1), { source: values.source, onConflict: values['on-conflict'] }, out, (message) => new UsageError(message), out.writeAccess)
        return await annotationsCommand(
          args,
          { format: values.format, out: values.out, name: values.name, source: values.source, documentId: values.doc, includeText: values['include-text'], maxMegabytes: values['max-mb'] === undefined ? undefined : megabytesOption(values['max-mb']), onDuplicate: values['on-duplicate'], annotator: values.annotator, writeAccess: out.writeAccess, readAccess, announce: (store) => announce(store, out), maxRows: rowsOption(values['max-rows']) },
          out,
          (message) => new UsageError(message),
        )
      case 'suggest':
        return await suggestCommand(args, values.doc, values.apply, out)
      case 'agree':
        return await agreeCommand(args, out, (message) => new UsageError(message), megabytesOption(values['max-mb']), rowsOption(values['max-rows']), values.ws)
      case 'documents':
        return await documentsCommand(args, out, (message) => new UsageError(message))
      case 'sync':
        return await syncCommand(args, { url: values.url, db: values.db, user: values.user, allowHttp: values['allow-http'] }, out, (message) => new UsageError(message))
      default:
        throw new UsageError(`unknown command: ${command}`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      printError(`${error.message}\n\n${usage}`)
      return 1
    }
    if (error instanceof AppError) {
      const message = formatError(error.code, error.params, locale)
      printError(values.json ? JSON.stringify({ error: { code: error.code, message } }) : message)
      return 1
    }
    printError(`internal error: ${(error as Error).stack ?? String(error)}`)
    return 2
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint()) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      console.error(error)
      process.exitCode = 2
    },
  )
}
