// The W3C export against the Web Annotation Working Group's own test schemas
// (tests/fixtures/formats/w3c-annotation, README there): every MUST assertion listed in
// annotationMusts.test, collectionMusts.test and pages/pageMusts.test passes for each exported
// annotation, the collection and its page. The seeds' annotations are made through a real session.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import Ajv from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir, w3cSchemasDir } from '../support/paths'
import { ScriptedDialogs, closedAfterEach, call } from '../support/session'

/** RFC 3986: a scheme, a colon, and no character a URI may not hold. Absolute only: a fragment alone is relative. */
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>"{}|\\^`]*$/
/** RFC 3339 date-time, as JSON Schema's format means it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

function loadSuite(): Ajv {
  // The suite's schemas name each other by file name ($ref "id.json#/…"); each is loaded under
  // its path too, which is how the .test files list them. Two optional target schemas share an
  // id with another; they are in no MUST list, so the second of each is left out.
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addFormat('uri', (value: string) => URI.test(value))
  ajv.addFormat('date-time', (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))
  const ids = new Set<string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.json')) {
        const schema = JSON.parse(readFileSync(path, 'utf8')) as { id?: string }
        const key = relative(w3cSchemasDir, path)
        if (schema.id && ids.has(schema.id)) continue
        if (schema.id) ids.add(schema.id)
        ajv.addSchema(schema, key)
      }
    }
  }
  walk(w3cSchemasDir)
  return ajv
}

function musts(testFile: string): string[] {
  const test = JSON.parse(readFileSync(join(w3cSchemasDir, testFile), 'utf8')) as { assertions: string[] }
  return test.assertions
}


const sessions = closedAfterEach()


interface Collection {
  '@context': string
  id: string
  first: { id: string; items: Array<Record<string, unknown>> }
}

async function exportW3c(): Promise<Collection> {
  const dialogs = new ScriptedDialogs()
  const s = new WorkbenchSession({ seedsDir, dialogs })
  sessions.push(s)
  await s.start(join(await tempDir('w3c-schema'), 'ws'))
  await call(s, 'settings.update', { annotator: '分析员甲' })
  const doc = s.workspace!.documents.find((d) => d.source.fileName.startsWith('003_'))!
  const text = await s.workspace!.text(doc.id)
  for (const [quote, label, attributes] of [
    ['强化科技创新引领', 'target', { indicator: 'rd', value: 2.8, valueMax: 3, unit: '%', periodYear: 2019 }],
    ['共建粤港澳大湾区国际科技创新中心', 'commitment', { note: '=见下文' }],
  ] as const) {
    const start = text.indexOf(quote)
    await call<Annotation>(s, 'annotations.create', { documentId: doc.id, start, end: start + quote.length, label, attributes })
  }
  const out = join(await tempDir('w3c-out'), 'a.jsonld')
  dialogs.saveTo = out
  await call(s, 'exchange.export', { format: 'w3c' })
  return JSON.parse(await readFile(out, 'utf8')) as Collection
}

describe('W3C export against the Web Annotation test suite', () => {
  it('every annotation, the collection and its page pass every MUST assertion', async () => {
    const ajv = loadSuite()
    const collection = await exportW3c()
    const page = collection.first
    expect(page.items.length).toBe(2)
    const failures: string[] = []
    const check = (what: string, value: unknown, assertions: string[]) => {
      for (const assertion of assertions) {
        const validate = ajv.getSchema(assertion)
        if (!validate) throw new Error(`schema not loaded: ${assertion}`)
        if (!validate(value)) failures.push(`${what} ✗ ${assertion}: ${ajv.errorsText(validate.errors)}`)
      }
    }
    // An embedded annotation or page takes the collection's @context; standing alone it carries it.
    const context = collection['@context']
    check('collection', collection, musts('collections/collectionMusts.test'))
    check('page', { '@context': context, ...page }, musts('collections/pages/pageMusts.test'))
    for (const [index, annotation] of page.items.entries()) check(`annotation ${index}`, { '@context': context, ...annotation }, musts('annotations/annotationMusts.test'))
    expect(failures).toEqual([])
  })

  it('ids are absolute urn:uuid IRIs, which the suite refuses a fragment for', async () => {
    const ajv = loadSuite()
    const collection = await exportW3c()
    const ids = [collection.id, collection.first.id, ...collection.first.items.map((item) => item.id as string)]
    for (const id of ids) expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    // The assertion can fail: the fragment IRIs exported before are not absolute.
    const validate = ajv.getSchema('annotations/3.1-annotationIdValidated.json')!
    expect(validate({ ...collection.first.items[0], id: '#annotation-row%207' })).toBe(false)
    expect(validate(collection.first.items[0])).toBe(true)
  })
})
