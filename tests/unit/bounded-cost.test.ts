// Hostile input costs what a real file of its size costs (issue 14): a PDF whose streams decode
// to gigabytes is refused before PDF.js reads it, and an annotation file past the row cap is
// refused without being parsed past the cap — and neither changes anything.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import Papa from 'papaparse'
import { afterEach, describe, expect, it } from 'vitest'
import { csvColumns } from '../../src/shared/exchange/csv'
import { formatError } from '../../src/shared/messages'
import type { ExchangeImportBatch } from '../../src/shared/api'
import { checkPdfCost, pdfDecodedBudget } from '../../src/main/services/importers/pdf-guard'
import { extractDocument } from '../../src/main/services/importers'
import { WorkbenchSession } from '../../src/main/services/workbench-session'
import { measurePdfCost } from '../../scripts/pdf-cost'
import { fixturesDir, seedsDir, tempDir } from '../support/paths'
import { makePdf, pdfWithPages } from '../support/pdf'
import { cli } from './run-cli'

const hostile = join(fixturesDir, 'hostile')
const bombPath = join(hostile, 'flate-bomb.pdf')
const realPath = join(hostile, 'real-same-size.pdf')

function streamObject(dictionary: string, data: Buffer): string {
  return `<< ${dictionary} /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream`
}

/** One page whose content stream is `data` with the given filter entry. */
function pageWithStream(filterEntry: string, data: Buffer, extra: string[] = []): Buffer {
  return makePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    streamObject(filterEntry, data),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...extra,
  ])
}

// 64 MB of spaces compressed twice: a few hundred bytes.
const nestedBomb = deflateSync(deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20)))

describe('PDF: what a file may decode to', () => {
  it('the campaign’s fake PDF (3.4 KB, 512 MB inside) is refused, naming the limit in both languages', async () => {
    const bytes = await readFile(bombPath)
    expect(bytes.length).toBeLessThan(4096)
    expect(() => checkPdfCost(bytes, 'flate-bomb.pdf')).toThrow(expect.objectContaining({ code: 'PDF_DECODED_TOO_LARGE', params: expect.objectContaining({ limit: '4' }) }))
    await expect(extractDocument(bombPath)).rejects.toMatchObject({ code: 'PDF_DECODED_TOO_LARGE' })
    const params = { path: 'flate-bomb.pdf', limit: '4', ratio: 200 }
    expect(formatError('PDF_DECODED_TOO_LARGE', params, 'zh-CN')).toBe('PDF 文件 flate-bomb.pdf 解压后的内容超过 4 MB（文件本身大小的 200 倍），像是“压缩炸弹”，为安全起见没有打开。')
    expect(formatError('PDF_DECODED_TOO_LARGE', params, 'en')).toContain('more than 4 MB (200 times its own size)')
  })

  it('a real PDF of the same size passes, and its text is read', async () => {
    const report = checkPdfCost(await readFile(realPath), 'real.pdf')
    expect(report.streams).toBe(1)
    expect(report.decodedBytes).toBe(0) // uncompressed: nothing to decode
    expect((await extractDocument(realPath)).text).toContain('Line 40 of a real page')
  })

  it('counts every decoder PDF.js would run: Flate, ASCII85 + Flate, LZW, RunLength, ASCIIHex', async () => {
    const content = Buffer.from('BT /F1 12 Tf 72 720 Td (Counted text) Tj ET')
    const flate = deflateSync(content)
    expect(checkPdfCost(pageWithStream('/Filter /FlateDecode', flate), 'f.pdf').decodedBytes).toBe(content.length)
    // ASCII85 of the deflated bytes, written by hand (btoa-like, big-endian groups of four).
    const a85 = (data: Buffer) => {
      let out = ''
      for (let i = 0; i < data.length; i += 4) {
        const chunk = Buffer.concat([data.subarray(i, i + 4), Buffer.alloc(4)]).subarray(0, 4)
        let value = chunk.readUInt32BE(0)
        const digits: string[] = []
        for (let d = 0; d < 5; d++) {
          digits.unshift(String.fromCharCode(33 + (value % 85)))
          value = Math.floor(value / 85)
        }
        out += digits.join('').slice(0, Math.min(4, data.length - i) + 1)
      }
      return Buffer.from(`${out}~>`, 'latin1')
    }
    const chained = checkPdfCost(pageWithStream('/Filter [/ASCII85Decode /FlateDecode]', a85(flate)), 'a.pdf')
    expect(chained.decodedBytes).toBe(flate.length + content.length)
    // The LZW example of the PDF specification (§7.4.4.2): 45 45 45 45 45 65 45 45 45 66 decode "-----A---B".
    expect(checkPdfCost(pageWithStream('/Filter /LZWDecode', Buffer.from('800B6050220C0C8501', 'hex')), 'l.pdf').decodedBytes).toBe(10)
    // RunLength: 3 literal bytes, then 'x' repeated 100 times (257 − 157).
    expect(checkPdfCost(pageWithStream('/Filter /RunLengthDecode', Buffer.from([2, 0x41, 0x42, 0x43, 157, 0x78, 128])), 'r.pdf').decodedBytes).toBe(103)
    expect(checkPdfCost(pageWithStream('/Filter /ASCIIHexDecode', Buffer.from('48 65 6c6c6f>')), 'h.pdf').decodedBytes).toBe(5)
    // The real readers agree: text behind two filters is still imported.
    const path = join(await tempDir('bounded-pdf'), 'chained.pdf')
    await writeFile(path, pageWithStream('/Filter [/ASCII85Decode /FlateDecode]', a85(flate)))
    expect((await extractDocument(path)).text).toBe('Counted text')
  })

  it('a bomb is refused however its filters are written: directly, by reference, or by an unresolvable reference', () => {
    expect(() => checkPdfCost(pageWithStream('/Filter [/FlateDecode /FlateDecode]', nestedBomb), 'd.pdf')).toThrow(/PDF_DECODED_TOO_LARGE/)
    expect(() => checkPdfCost(pageWithStream('/Filter 6 0 R', nestedBomb, ['[/FlateDecode /FlateDecode]']), 'r.pdf')).toThrow(/PDF_DECODED_TOO_LARGE/)
    expect(() => checkPdfCost(pageWithStream('/Filter 99 0 R', nestedBomb), 'u.pdf')).toThrow(/PDF_DECODED_TOO_LARGE/)
    // A lying /Length does not hide the data either.
    const lying = Buffer.from(pageWithStream('/Filter [/FlateDecode /FlateDecode]', nestedBomb).toString('latin1').replace(`/Length ${nestedBomb.length}`, '/Length 3'), 'latin1')
    expect(() => checkPdfCost(lying, 'len.pdf')).toThrow(/PDF_DECODED_TOO_LARGE/)
  })

  it('an encrypted PDF, whose streams cannot be decoded here, may not stack expanding filters', () => {
    const encrypted = (filter: string, data: Buffer) =>
      Buffer.from(pageWithStream(filter, data).toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 6 0 R'), 'latin1')
    // The data of an encrypted file looks random to anything but PDF.js: here, bytes zlib refuses.
    const scrambled = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 7919 + 13) % 251))
    expect(() => checkPdfCost(encrypted('/Filter [/FlateDecode /FlateDecode]', scrambled), 'e.pdf')).toThrow(/PDF_DECODED_TOO_LARGE/)
    expect(() => checkPdfCost(encrypted('/Filter [/LZWDecode /FlateDecode]', scrambled), 'e.pdf')).toThrow(/PDF_DECODED_TOO_LARGE/)
    expect(checkPdfCost(encrypted('/Filter /FlateDecode', scrambled), 'e.pdf').streams).toBe(1)
    expect(checkPdfCost(encrypted('/Filter [/ASCII85Decode /FlateDecode]', scrambled), 'e.pdf').streams).toBe(1)
  })

  it('the budget grows with the file: 200 times its size, at least 4 MB', () => {
    expect(pdfDecodedBudget(3_000)).toBe(4 * 1024 * 1024)
    expect(pdfDecodedBudget(10 * 1024 * 1024)).toBe(2000 * 1024 * 1024)
    // Real PDFs written by the test helpers stay far below it.
    const real = pdfWithPages(['BT /F1 12 Tf 72 720 Td (Hello) Tj ET'])
    expect(checkPdfCost(real, 'hello.pdf').decodedBytes).toBeLessThan(pdfDecodedBudget(real.length))
  })

  it('dropped on the window, the fake PDF fails alone with the reason and adds nothing', async () => {
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
    try {
      const dir = join(await tempDir('bounded-drop'), 'ws')
      await session.start(dir)
      const before = await readFile(join(dir, 'workspace.json'), 'utf8')
      const outcome = await session.dispatch('import.addBytes', { fileName: 'flate-bomb.pdf', base64: (await readFile(bombPath)).toString('base64') })
      expect(outcome).toMatchObject({ ok: true, value: { previews: [], failures: [{ fileName: 'flate-bomb.pdf', error: { code: 'PDF_DECODED_TOO_LARGE' } }] } })
      expect(JSON.stringify(outcome)).toContain('解压后的内容超过 4 MB')
      expect(await readFile(join(dir, 'workspace.json'), 'utf8')).toBe(before)
    } finally {
      await session.close()
    }
  })

  it('a file that is not a PDF is refused before PDF.js is loaded', () => {
    const fake = Buffer.from(Array.from({ length: 3600 }, (_, i) => (i * 7919) % 251))
    expect(() => checkPdfCost(fake, 'fake.pdf')).toThrow(expect.objectContaining({ code: 'FILE_CORRUPT' }))
  })

  it('in memory: the fake PDF costs no more than a real PDF of its size (each in a fresh process)', { timeout: 120_000 }, () => {
    const real = measurePdfCost(realPath)
    const fake = measurePdfCost(bombPath)
    expect(real.outcome).toMatch(/^ok/)
    expect(fake.outcome).toBe('PDF_DECODED_TOO_LARGE')
    expect(fake.maxRssMb, `fake ${fake.maxRssMb} MB vs real ${real.maxRssMb} MB`).toBeLessThanOrEqual(real.maxRssMb)
  })
})

describe('annotation files: the row cap', () => {
  const sessions: WorkbenchSession[] = []
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()))
  })

  /** A CSV of `count` annotations on real spans of the document (so every row anchors). */
  function csvWithRows(count: number, documentId: string, text: string): string {
    const chars = Array.from(text)
    const rows = Array.from({ length: count }, (_, i) => {
      const cells: Record<string, string> = { document: documentId, label: 'target', start: String(i), end: String(i + 4), quote: chars.slice(i, i + 4).join('') }
      return csvColumns.map((column) => cells[column] ?? '')
    })
    return Papa.unparse([[...csvColumns], ...rows])
  }

  async function started(): Promise<{ session: WorkbenchSession; dir: string }> {
    const session = new WorkbenchSession({ seedsDir, dialogs: { chooseFolder: async () => null, chooseFiles: async () => [] } })
    sessions.push(session)
    const dir = join(await tempDir('row-cap'), 'ws')
    await session.start(dir)
    return { session, dir }
  }

  it('a file over the cap is refused with the cap named, and changes nothing; raising the setting lets it in', async () => {
    const { session, dir } = await started()
    const documentId = session.workspace!.documents[0]!.id
    const got = await session.dispatch('documents.get', { id: documentId })
    if (!got.ok) throw new Error(got.error.message)
    const { text } = got.value as { text: string }
    expect((await session.dispatch('settings.update', { maxImportRows: 50 })).ok).toBe(true)
    const before = await readFile(join(dir, 'workspace.json'), 'utf8')
    const sourcesBefore = await session.dispatch('sources.list', {})
    const base64 = Buffer.from(csvWithRows(51, documentId, text)).toString('base64')
    const refused = await session.dispatch('exchange.importBytes', { fileName: 'big.csv', base64 })
    expect(refused.ok).toBe(true)
    const batch = (refused as { value: ExchangeImportBatch }).value
    expect(batch.reports).toEqual([])
    expect(batch.failures[0]!.error.code).toBe('ANNOTATION_ROWS_TOO_MANY')
    expect(batch.failures[0]!.error.message).toBe('标注文件 big.csv 超过 50 条标注的导入上限，未导入任何内容。可在“设置”中提高“导入标注的最多条数”（命令行：--max-rows）。')
    expect(await readFile(join(dir, 'workspace.json'), 'utf8')).toBe(before)
    expect(await session.dispatch('sources.list', {})).toEqual(sourcesBefore)
    // Exactly at the cap is allowed; after raising it, the refused file imports.
    const atCap = await session.dispatch('exchange.importBytes', { fileName: 'cap.csv', base64: Buffer.from(csvWithRows(50, documentId, text)).toString('base64') })
    expect((atCap as { value: ExchangeImportBatch }).value.reports[0]!.imported).toBe(50)
    expect((await session.dispatch('settings.update', { maxImportRows: 51 })).ok).toBe(true)
    const accepted = await session.dispatch('exchange.importBytes', { fileName: 'big.csv', base64 })
    expect((accepted as { value: ExchangeImportBatch }).value.reports[0]!.imported).toBe(51)
  })

  it('the setting defaults to 100,000 rows and is bounded', async () => {
    const { session } = await started()
    expect(session.workspace!.settings.maxImportRows).toBe(100_000)
    expect(await session.dispatch('settings.update', { maxImportRows: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await session.dispatch('settings.update', { maxImportRows: 10_000_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('the command line takes --max-rows and refuses a file past it in the user’s language', async () => {
    const ws = join(await tempDir('row-cap-cli'), 'ws')
    expect((await cli('init', ws, '--with-seeds')).code).toBe(0)
    const { documents } = JSON.parse((await cli('list', ws, '--json')).stdout) as { documents: Array<{ id: string }> }
    const file = join(await tempDir('row-cap-file'), 'rows.csv')
    const text = await readFile(join(ws, 'documents', `${documents[0]!.id}.txt`), 'utf8')
    await writeFile(file, csvWithRows(20, documents[0]!.id, text))
    const refused = await cli('annotations', 'import', ws, file, '--max-rows', '19', '--lang', 'en')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('holds more than 19 annotations, the import limit; nothing was imported')
    const sources = await cli('annotations', 'import', ws, file, '--max-rows', '20', '--json')
    expect(sources.code).toBe(0)
    expect(JSON.parse(sources.stdout)).toMatchObject({ imported: 20 })
    expect((await cli('annotations', 'import', ws, file, '--max-rows', 'many')).code).toBe(1)
  })
})
