// policy-workbench: the workbench's services from a command line (DESIGN §9).
// Exit codes: 0 success, 1 a user error with a clear message, 2 an internal error.
import { realpathSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { formatError } from '../shared/messages'
import { defaultSettings, type DocumentRecord, type Locale } from '../shared/model'
import { AppError } from '../main/services/app-error'
import { cleanupRules } from '../shared/cleanup'
import { ImportPreviews } from '../main/services/import-preview'
import { LINE_ENDINGS_NORMALIZED } from '../main/services/importers'
import { createWorkspace } from '../main/services/workbench-session'
import { compareReport } from '../main/services/compare-report'
import { WorkspaceStore } from '../main/services/workspace-store'
import { suggestForDocument, suggestionJson } from '../main/services/suggest'
import { makeOffsetConverter } from '../shared/offsets'
import { agreeCommand, annotationsCommand } from '../main/services/exchange/commands'
import { adoptCommand, sourceForCompare, sourcesCommand } from './source-commands'

const seedsDir = join(dirname(fileURLToPath(import.meta.url)), '../../seeds')

const usage = `policy-workbench <command> [options]

Commands:
  init <workspace> [--with-seeds]    create an empty workspace (--with-seeds: the sample corpus)
  import <workspace> <files...>      import documents (.txt in UTF-8/UTF-16/GBK/Big5, .docx, .html, .pdf),
                                     with the proposed clean-up (--no-cleanup: as they are);
                                     files over --max-mb megabytes (default 50) are refused
  list <workspace>                   list the documents of a workspace
  compare <workspace>                targets against actuals per indicator and year (met, missed,
                                     no-evidence, not-due); --tolerance <percent> for ≈ targets
  annotations import <workspace> <file>
                                     an annotation file (.pwb.json, .csv, .qdpx) as a separate source
                                     named after its annotator (--name to override)
  annotations export <workspace> --format csv|json|w3c|qdpx --out <file>
                                     the workspace's annotations (--source <id>: an imported or the
                                     curated source; --doc <id>: one document; --include-text:
                                     texts in the .pwb.json)
  suggest <workspace> [--doc ID] [--apply]
                                     proposed targets, achievements and commitments per document
                                     (--apply: store them as suggestions to review in the reader)
  agree <file> <file>...             agreement between annotation files: span F1, Cohen/Fleiss kappa
                                     and Krippendorff's alpha per label, attribute agreement
  agree … --ws <workspace>           documents' lengths from that workspace's texts (CSV files do not
                                     carry them; without --ws a document ends at its last annotation)
  sources <workspace>                the annotation sources: workspace (its own), each imported one,
                                     curated (id, name, kind, annotator, annotations)
  compare <workspace> --source <id|workspace|curated>
                                     the matrix over a source's annotations
  annotations adopt <workspace> --source <id|curated> [--on-conflict keep-mine|take-theirs|keep-both]
                                     copies a source into the workspace's own annotations (default
                                     keep-mine); prints added, identical, conflicts, kept, replaced

Options:
  --json          machine-readable output
  --lang zh-CN|en language of messages (default: from LANG)
  -h, --help      this help`

export class UsageError extends Error {}

interface Output {
  json: boolean
  locale: Locale
  print: (text: string) => void
}

function documentJson(doc: DocumentRecord, annotations?: number) {
  return {
    id: doc.id,
    sha256: doc.sha256,
    title: doc.title,
    year: doc.meta.year,
    docType: doc.meta.docType,
    script: doc.meta.script,
    chars: doc.textLength,
    ...(annotations === undefined ? {} : { annotations }),
  }
}

function documentLine(doc: DocumentRecord): string {
  return [doc.id, doc.meta.year ?? '----', doc.meta.docType.padEnd(24), String(doc.textLength).padStart(7), doc.title].join('  ')
}


async function init(args: string[], withSeeds: boolean, out: Output): Promise<number> {
  if (args.length !== 1) throw new UsageError('init takes one workspace folder')
  const dir = resolve(args[0])
  const store = await createWorkspace(dir, withSeeds ? seedsDir : null)
  try {
    const documents = store.documents.map((doc) => documentJson(doc))
    if (out.json) out.print(JSON.stringify({ workspace: dir, documents }, null, 2))
    else {
      out.print(`${dir}: ${documents.length} document(s)`)
      for (const doc of store.documents) out.print(documentLine(doc))
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
    const results = []
    for (const file of files) {
      try {
        const preview = await previews.add({ kind: 'path', path: resolve(file) }, out.locale)
        const input = previews.take(preview.token, { disabledRules: cleanup ? [] : cleanupRules.map((rule) => rule.id) })
        const [added] = await store.addDocuments([input])
        results.push({
          file,
          status: added.status,
          ...documentJson(added.document),
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
  })
}

async function list(args: string[], out: Output): Promise<number> {
  if (args.length !== 1) throw new UsageError('list takes one workspace folder')
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
    const documents = []
    for (const doc of store.documents) documents.push(documentJson(doc, await store.annotationCount(doc.id)))
    if (out.json) out.print(JSON.stringify({ workspace: store.dir, documents }, null, 2))
    else {
      out.print(`${store.dir}: ${documents.length} document(s)`)
      for (const doc of store.documents) out.print(documentLine(doc))
    }
    return 0
  })
}

async function compare(args: string[], tolerance: string | undefined, out: Output, source?: string): Promise<number> {
  if (args.length !== 1) throw new UsageError('compare takes one workspace folder')
  const percent = tolerance === undefined ? undefined : Number(tolerance)
  if (percent !== undefined && !(percent >= 0 && percent <= 100)) throw new UsageError(`--tolerance takes a percentage from 0 to 100, not ${tolerance}`)
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
    const report = await compareReport(store, percent, source === undefined || source === 'workspace' ? undefined : await sourceForCompare(store, source))
    if (out.json) out.print(JSON.stringify(report, null, 2))
    else {
      out.print(`source: ${report.source}`)
      for (const indicator of report.indicators) {
        out.print(`${indicator.name} (${indicator.unit})`)
        for (const year of indicator.years) {
          const figures = [...year.targets.map((target) => `target ${target.text}`), ...year.actuals.map((actual) => `actual ${actual.text}`)]
          out.print(`  ${year.year}  ${(year.status ?? '').padEnd(11)}  ${figures.join('; ')}${year.conflict ? '  (conflicting actuals)' : ''}`)
        }
      }
    }
    return 0
  })
}

async function suggestCommand(args: string[], documentId: string | undefined, apply: boolean, out: Output): Promise<number> {
  if (args.length !== 1) throw new UsageError('suggest takes one workspace folder')
  return WorkspaceStore.using(resolve(args[0]), async (store) => {
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
    if (out.json) out.print(JSON.stringify({ documents }, null, 2))
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
  })
}

function megabytesOption(raw: string | undefined): number {
  if (raw === undefined) return defaultSettings.maxImportMegabytes
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--max-mb takes a whole number of megabytes, not ${raw}`)
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
        'on-conflict': { type: 'string' },
        ws: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (error) {
    printError(`${(error as Error).message}\n\n${usage}`)
    return 1
  }
  const { values, positionals } = parsed
  const locale: Locale = values.lang === 'en' || values.lang === 'zh-CN' ? values.lang : localeFromEnvironment()
  const out: Output = { json: values.json, locale, print }
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
        return await sourcesCommand(args, out, (message) => new UsageError(message))
      case 'annotations':
        if (args[0] === 'adopt') return await adoptCommand(args.slice(1), { source: values.source, onConflict: values['on-conflict'] }, out, (message) => new UsageError(message))
        return await annotationsCommand(
          args,
          { format: values.format, out: values.out, name: values.name, source: values.source, documentId: values.doc, includeText: values['include-text'], maxMegabytes: values['max-mb'] === undefined ? undefined : megabytesOption(values['max-mb']) },
          out,
          (message) => new UsageError(message),
        )
      case 'suggest':
        return await suggestCommand(args, values.doc, values.apply, out)
      case 'agree':
        return await agreeCommand(args, out, (message) => new UsageError(message), megabytesOption(values['max-mb']), values.ws)
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
