// Reading a figure summary (issue 13): compare reads each summary only up to the end of its figures
// line, in chunks, into a buffer shared from one read to the next. These check that path on
// summaries larger than a chunk, larger than the shared buffer and larger than it may grow, and that
// the bytes a larger summary left in the shared buffer are never taken for a smaller one's.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../src/shared/model'
import { FIGURES_DIR, FigureIndex, summarize } from '../../src/main/services/figure-index'
import { tempDir } from '../support/paths'

function annotations(documentId: string, count: number, quoteLength: number): Annotation[] {
  return Array.from({ length: count }, (_, n): Annotation => {
    const label = n % 5 === 4 ? 'commitment' : n % 2 ? 'achievement' : 'target'
    return {
      id: `${documentId}-${n}`,
      documentId,
      start: n * 10,
      end: n * 10 + quoteLength,
      // Lines inside a quote are escaped in the summary: they must not end its figures line.
      quote: `第${n}条\n${'增长'.repeat(quoteLength / 2)}`,
      prefix: '',
      suffix: '',
      label,
      attributes: { indicator: `indicator-${n % 7}`, value: n * 1.5, unit: '亿元', comparator: '>=', periodYear: 2019 },
      links: [],
      status: 'accepted',
      author: 'tester',
      createdAt: '2026-11-26T00:00:00.000Z',
      updatedAt: '2026-11-26T00:00:00.000Z',
    }
  })
}

/** A workspace folder with one annotation file per document and their summaries written by the index. */
async function withSummaries(documents: Record<string, Annotation[]>): Promise<{ dir: string; annotationsDir: string }> {
  const dir = await tempDir('figure-index-read')
  const annotationsDir = join(dir, 'annotations')
  await mkdir(annotationsDir, { recursive: true })
  const writer = new FigureIndex(dir, annotationsDir, false)
  for (const [documentId, list] of Object.entries(documents)) {
    await writeFile(join(annotationsDir, `${documentId}.json`), JSON.stringify({ annotations: list }))
    await writer.rebuild(documentId, list)
  }
  await writer.idle()
  return { dir, annotationsDir }
}

describe('figure summaries read up to their figures line', () => {
  it('reads summaries of every size from disk, whatever was read before them', async () => {
    const documents = {
      small: annotations('small', 6, 4),
      chunks: annotations('chunks', 400, 200), // several reads of 64 KB
      grown: annotations('grown', 1500, 400), // past the shared buffer's first 256 KB
      own: annotations('own', 6000, 800), // past the 8 MB the shared buffer may grow to
    }
    const { dir, annotationsDir } = await withSummaries(documents)
    const summaryBytes = await readFile(join(dir, FIGURES_DIR, 'own.summary'))
    expect(summaryBytes.length).toBeGreaterThan(8 * 1024 * 1024)
    // A fresh index knows nothing: every answer comes from the summary files.
    const reader = new FigureIndex(dir, annotationsDir, true)
    for (const documentId of ['own', 'small', 'grown', 'chunks', 'small', 'own', 'chunks']) {
      const expected = summarize(documentId, documents[documentId as keyof typeof documents])
      reader.forget(documentId)
      expect(reader.readNow(documentId, 'figures')?.all(), documentId).toEqual(expected.figures.all())
      expect(reader.readNow(documentId, 'linked'), documentId).toEqual(expected.linked)
    }
  })

  it('never takes what a larger summary left in the shared buffer for a smaller one cut short', async () => {
    const documents = { large: annotations('large', 1500, 400), cut: annotations('cut', 40, 20) }
    const { dir, annotationsDir } = await withSummaries(documents)
    const path = join(dir, FIGURES_DIR, 'cut.summary')
    const whole = await readFile(path)
    const firstNewline = whole.indexOf(0x0a)
    // Cut inside its figures line: the bytes after the cut, in the shared buffer, are the large summary's.
    await writeFile(path, whole.subarray(0, firstNewline + 200))
    const reader = new FigureIndex(dir, annotationsDir, true)
    expect(reader.readNow('large', 'figures')?.all()).toEqual(summarize('large', documents.large).figures.all())
    expect(reader.readNow('cut', 'figures')).toBeNull()
    // And a summary whose figures line and quotes are whole but whose linked part is cut still gives its figures.
    const secondNewline = whole.indexOf(0x0a, firstNewline + 1)
    const { blockBytes } = JSON.parse(whole.toString('utf8', 0, firstNewline)) as { blockBytes: number }
    await writeFile(path, whole.subarray(0, secondNewline + 1 + blockBytes + 1 + 5))
    expect(reader.readNow('large', 'figures')?.all()).toEqual(summarize('large', documents.large).figures.all())
    expect(reader.readNow('cut', 'figures')?.all()).toEqual(summarize('cut', documents.cut).figures.all())
    expect(reader.readNow('cut', 'linked')).toBeNull()
  })

  it('does not read a summary of the earlier format, one object per figure: it is rebuilt once', async () => {
    const documents = { earlier: annotations('earlier', 30, 12) }
    const { dir, annotationsDir } = await withSummaries(documents)
    const path = join(dir, FIGURES_DIR, 'earlier.summary')
    const [headerLine] = (await readFile(path, 'utf8')).split('\n')
    // The summary as schema 3 wrote it, for the same annotation file: three lines, with true checksums.
    const { figures, linked } = summarize('earlier', documents.earlier)
    const objects = JSON.stringify(figures.all().map(({ documentId: _document, status: _accepted, ...figure }) => figure))
    const linkedLine = JSON.stringify(linked)
    const { blockBytes: _block, figureCount: _count, byteOrder: _order, ...header } = JSON.parse(headerLine) as { schemaVersion: number; blockBytes?: number; figureCount?: number; byteOrder?: string; checksums: Record<string, string> }
    const checksum = (text: string) => crc32(text).toString(16).padStart(8, '0')
    header.schemaVersion = 3
    header.checksums = { figures: checksum(objects), linked: checksum(linkedLine) }
    await writeFile(path, `${JSON.stringify(header)}\n${objects}\n${linkedLine}`)
    expect(new FigureIndex(dir, annotationsDir, true).readNow('earlier', 'figures')).toBeNull()
    // Rebuilt from the annotation file, the summary is read again.
    const writer = new FigureIndex(dir, annotationsDir, false)
    await writer.rebuild('earlier', documents.earlier)
    await writer.idle()
    expect(new FigureIndex(dir, annotationsDir, true).readNow('earlier', 'figures')?.all()).toEqual(summarize('earlier', documents.earlier).figures.all())
  })

  it('gives back every quote as written: empty, ASCII, astral and lone surrogates, next to one another', async () => {
    const quotes = ['', 'GDP 6.5%', '\u{20BB7}增长\u{1F4C8}', '\uD800', '\uDC00末', '\n\r\u2028', '']
    const documents = { odd: annotations('odd', quotes.length, 2).map((annotation, n) => ({ ...annotation, label: 'target', quote: quotes[n] })) }
    const { dir, annotationsDir } = await withSummaries(documents)
    const read = new FigureIndex(dir, annotationsDir, true).readNow('odd', 'figures')?.all()
    expect(read?.map((figure) => figure.quote)).toEqual(quotes)
    expect(read).toEqual(summarize('odd', documents.odd).figures.all())
  })
})
