// Each export's `losses` is exactly what the format cannot carry: every format is exported,
// read back (W3C by a reader of its own below, the others by the app's import) and compared
// field by field with what was exported; the differences must equal the reported losses, so a
// field dropped without saying so fails, and so does a loss reported that did not happen.
import { isDeepStrictEqual } from 'node:util'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExchangeExportResult, ExchangeImportBatch } from '../../src/shared/api'
import { NATIVE_FORMAT } from '../../src/shared/exchange/native'
import { makeOffsetConverter } from '../../src/shared/offsets'
import type { Annotation } from '../../src/shared/model'
import { SourceStore } from '../../src/main/services/sources'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { seedsDir, tempDir } from '../support/paths'
import { ScriptedDialogs, closedAfterEach, call } from '../support/session'


const sessions = closedAfterEach()


const fields = ['id', 'documentId', 'start', 'end', 'quote', 'prefix', 'suffix', 'label', 'attributes', 'status', 'suggestion', 'author', 'createdAt', 'updatedAt'] as const

/** What came back differs from what went out: per field, how many annotations (links: how many links). */
function differences(sent: readonly Annotation[], back: readonly Annotation[]): Record<string, number> {
  expect(back.length).toBe(sent.length)
  const counts: Record<string, number> = {}
  sent.forEach((original, index) => {
    const copy = back[index]
    for (const field of fields) if (!isDeepStrictEqual(original[field], copy[field])) counts[field] = (counts[field] ?? 0) + 1
    const kept = original.links.filter((link) => copy.links.some((other) => isDeepStrictEqual(other, link))).length
    if (kept < original.links.length) counts.links = (counts.links ?? 0) + original.links.length - kept
  })
  return counts
}

/**
 * Reads a W3C collection back the way a consumer of the model can: ids from urn:uuid, the
 * document by its sha256, the label from the tagging body, attributes from the describing body.
 */
function readW3c(collection: { first: { items: Array<Record<string, unknown>> } }, documents: Array<{ id: string; sha256: string; text: string }>): Annotation[] {
  return collection.first.items.map((item) => {
    const target = item.target as { source: string; selector: Array<Record<string, unknown>> }
    const doc = documents.find((d) => `urn:sha256:${d.sha256}` === target.source)!
    const quote = target.selector.find((s) => s.type === 'TextQuoteSelector')!
    const position = target.selector.find((s) => s.type === 'TextPositionSelector')!
    const offsets = makeOffsetConverter(doc.text)
    const body = item.body as Array<{ purpose: string; value: string }>
    const describing = body.find((b) => b.purpose === 'describing')
    return {
      id: String(item.id).replace(/^urn:uuid:/, ''),
      documentId: doc.id,
      start: offsets.toUtf16(position.start as number),
      end: offsets.toUtf16(position.end as number),
      quote: quote.exact as string,
      prefix: quote.prefix as string,
      suffix: quote.suffix as string,
      label: body.find((b) => b.purpose === 'tagging')!.value,
      attributes: describing ? JSON.parse(describing.value) : {},
      links: [],
      status: 'accepted',
      author: (item.creator as { name: string }).name,
      createdAt: item.created as string,
      updatedAt: item.modified as string,
    }
  })
}

async function workspaceWithSource() {
  const dialogs = new ScriptedDialogs()
  const s = new WorkbenchSession({ seedsDir, dialogs })
  sessions.push(s)
  await s.start(join(await tempDir('losses'), 'ws'))
  await call(s, 'settings.update', { annotator: '审阅人' })
  const store = s.workspace!
  const [docA, docB] = ['003_', '002_'].map((prefix) => store.documents.find((d) => d.source.fileName.startsWith(prefix))!)
  const textA = await store.text(docA.id)
  const textB = await store.text(docB.id)
  const span = (text: string, quote: string) => {
    const start = makeOffsetConverter(text).toCodePoint(text.indexOf(quote))
    expect(start).toBeGreaterThanOrEqual(0)
    return { start, end: start + [...quote].length, quote, prefix: '', suffix: '' }
  }
  const [quoteA2] = textA.slice(200, 260).match(/[\u4e00-\u9fff]{6}/)!
  const [quoteB] = textB.slice(100, 200).match(/[\u4e00-\u9fff]{6}/)!
  // Everything a source can hold: an id that is no UUID, a range, a deadline, a follow-up
  // status, a note that looks like a formula, links (one to a document the export leaves out),
  // a proposal with its confidence, an empty unit, statuses other than accepted.
  const file = {
    format: NATIVE_FORMAT,
    schemaVersion: 1,
    offsets: 'unicode-code-points',
    exportedAt: '2026-01-01T00:00:00.000Z',
    annotator: '分析员乙',
    workspace: { name: 'b' },
    labels: [],
    indicators: [],
    documents: [],
    annotations: [
      {
        id: 'row-1',
        document: docA.id,
        label: 'target',
        ...span(textA, '强化科技创新引领'),
        attributes: { indicator: 'rd', value: 1, valueMax: 2, unit: '家', comparator: '>=', periodYear: 2019, deadlineYear: 2021, note: "'=见 2020 年", followUpStatus: 'in-progress' },
        links: [
          { type: 'evidence-for', annotationId: '0d4c3f5e-8a1b-4c2d-9e3f-4a5b6c7d8e9f', documentId: docA.id },
          { type: 'same-as', annotationId: '1e5d4a6f-9b2c-4d3e-8f4a-5b6c7d8e9fa0', documentId: docB.id },
        ],
        status: 'accepted',
        author: '分析员乙',
        createdAt: '2025-03-01T08:00:00.000Z',
        updatedAt: '2025-03-02T09:30:00.000Z',
      },
      {
        id: '0d4c3f5e-8a1b-4c2d-9e3f-4a5b6c7d8e9f',
        document: docA.id,
        label: 'achievement',
        ...span(textA, quoteA2),
        attributes: { unit: '' },
        links: [],
        status: 'suggested',
        suggestion: { confidence: 0.75, rule: 'figure-after-cue' },
        author: '分析员乙',
        createdAt: '2025-03-01T08:05:00.000Z',
        updatedAt: '2025-03-01T08:06:00.000Z',
      },
      {
        id: '1e5d4a6f-9b2c-4d3e-8f4a-5b6c7d8e9fa0',
        document: docB.id,
        label: 'commitment',
        ...span(textB, quoteB),
        attributes: {},
        links: [],
        status: 'rejected',
        author: '分析员乙',
        createdAt: '2025-03-03T08:00:00.000Z',
        updatedAt: '2025-03-04T08:00:00.000Z',
      },
    ],
  }
  const path = join(await tempDir('losses-in'), 'b.pwb.json')
  await writeFile(path, JSON.stringify(file))
  dialogs.files = [path]
  const batch = await call<ExchangeImportBatch>(s, 'exchange.import', {})
  expect(batch.failures).toEqual([])
  expect(batch.reports[0].problems).toEqual([])
  const sources = new SourceStore(store)
  const original = await sources.annotations(batch.reports[0].source.id)
  expect(original.map((annotation) => annotation.links.length)).toEqual([2, 0, 0])
  return { s, dialogs, store, sourceId: batch.reports[0].source.id, docA, original }
}

describe('losses are exactly what a round trip loses', () => {
  it.each(['json', 'csv', 'qdpx', 'w3c'] as const)('%s', async (format) => {
    const { s, dialogs, store, sourceId, docA, original } = await workspaceWithSource()
    const out = join(await tempDir('losses-out'), `out.${format}`)
    dialogs.saveTo = out
    // One document: the link to the other one cannot go along.
    const exported = await call<ExchangeExportResult>(s, 'exchange.export', { format, sourceId, documentIds: [docA.id] })
    const sent = original.filter((annotation) => annotation.documentId === docA.id)
    expect(exported.annotations).toBe(sent.length)
    let back: Annotation[]
    if (format === 'w3c') {
      const documents = await Promise.all(store.documents.map(async (d) => ({ id: d.id, sha256: d.sha256, text: await store.text(d.id) })))
      back = readW3c(JSON.parse(await readFile(out, 'utf8')), documents)
    } else {
      dialogs.files = [out]
      const batch = await call<ExchangeImportBatch>(s, 'exchange.import', { name: `back-${format}` })
      expect(batch.failures).toEqual([])
      // Read from disk afresh: what the import wrote.
      back = [...(await new SourceStore(store).annotations(batch.reports[0].source.id))]
    }
    const reported = Object.fromEntries(exported.losses.map((loss) => [loss.field, loss.count]))
    expect(reported).toEqual(differences(sent, back))
    // And the figures behind it, so the comparison above cannot pass by losing nothing anywhere.
    const expected = {
      json: { links: 1 },
      csv: { links: 1, attributes: 1, suggestion: 1 },
      qdpx: { id: 1, links: 2, updatedAt: 2, suggestion: 1 },
      w3c: { id: 1, status: 1, links: 2, suggestion: 1 },
    }[format]
    expect(reported).toEqual(expected)
  })
})
