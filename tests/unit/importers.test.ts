// The importers on files made here with real encoders and a real zip library, from the seed
// documents and a real government work report (originally GBK). Nothing binary is committed.
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { strToU8, zipSync } from 'fflate'
import { docxParts } from '../support/docx'
import { chinesePdf, makePdf, pdfWithPages } from '../support/pdf'
import iconv from 'iconv-lite'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { decodeText, defaultImportLimits, extractDocument } from '../../src/main/services/importers'
import { readDocumentFile } from '../../src/main/services/text-import'
import { formatError } from '../../src/shared/messages'
import { gwrDir, seedsDir, tempDir } from '../support/paths'

// Pass-through spies, to prove an oversized file is refused from stat alone.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return { ...actual, open: vi.fn(actual.open), readFile: vi.fn(actual.readFile) }
})
const fsp = await import('node:fs/promises')

let dir: string
beforeAll(async () => {
  dir = await tempDir('importers')
})

async function fixture(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

function expectCode(promise: Promise<unknown>, code: string) {
  return expect(promise).rejects.toMatchObject({ code })
}

function seed(prefix: string): string {
  const name = readdirSync(seedsDir).find((file) => file.startsWith(prefix))!
  return readFileSync(join(seedsDir, name), 'utf8')
}

/** Real sentences: the first long lines of a document that the target encoding can represent. */
function sentences(text: string, count: number, encoding = 'gbk'): string {
  return text
    .split('\n')
    // No runs of spaces or no-break spaces, which HTML collapses.
    .filter((line) => line.length >= 20 && !/\s{2,}|\u00a0/.test(line) && iconv.decode(iconv.encode(line, encoding), encoding) === line)
    .slice(0, count)
    .join('\n')
}

const simplified = [seed('000'), seed('001'), seed('003'), seed('004')].map((text) => sentences(text, 3)).join('\n')
const traditional = sentences(seed('002'), 8, 'big5hkscs')
const gwr2016 = readFileSync(join(gwrDir, '2016_gwr_national.txt'), 'utf8')
const shortSimplified = '关于印发广州市科技创新规划的通知'
const shortTraditional = '關於印發廣州市科技創新規劃的通知'
const chineseOnly = '国务院关于印发“十三五”国家科技创新规划的通知'

describe('decodeText: text encodings', () => {
  const utf16Bom = (text: string, encoding: string) => iconv.encode(text, encoding, { addBOM: true })
  it.each([
    ['UTF-8 without BOM', simplified, Buffer.from(simplified, 'utf8'), 'utf-8', 1],
    ['UTF-8 with BOM', simplified, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(simplified)]), 'utf-8', 1],
    ['UTF-16LE with BOM', simplified, utf16Bom(simplified, 'utf-16le'), 'utf-16le', 1],
    ['UTF-16BE with BOM', simplified, utf16Bom(simplified, 'utf-16be'), 'utf-16be', 1],
    ['UTF-16LE without BOM', simplified, iconv.encode(simplified, 'utf-16le'), 'utf-16le', 0.8],
    ['UTF-16BE without BOM', simplified, iconv.encode(simplified, 'utf-16be'), 'utf-16be', 0.8],
    ['UTF-16LE without BOM, Chinese only (no NULs)', chineseOnly, iconv.encode(chineseOnly, 'utf-16le'), 'utf-16le', 0.9],
    ['UTF-16BE without BOM, Chinese only (no NULs)', chineseOnly, iconv.encode(chineseOnly, 'utf-16be'), 'utf-16be', 0.9],
    ['GBK seed sentences', simplified, iconv.encode(simplified, 'gbk'), 'gb18030', 0.9],
    ['GB18030 four-byte characters', `${shortSimplified}𠀀𡈽`, iconv.encode(`${shortSimplified}𠀀𡈽`, 'gb18030'), 'gb18030', 0.5],
    ['Big5 traditional seed 002', traditional, iconv.encode(traditional, 'big5'), 'big5', 0.9],
    ['GBK government work report 2016 (60 kB)', gwr2016, iconv.encode(gwr2016, 'gbk'), 'gb18030', 0.9],
    ['short GBK title', shortSimplified, iconv.encode(shortSimplified, 'gbk'), 'gb18030', 0.5],
    ['short Big5 title', shortTraditional, iconv.encode(shortTraditional, 'big5'), 'big5', 0.5],
  ])('%s', (_, text, bytes, encoding, minConfidence) => {
    const decoded = decodeText(bytes)
    expect(decoded.encoding).toBe(encoding)
    expect(decoded.detectedEncoding).toBe(encoding)
    expect(decoded.text).toBe(text)
    expect(decoded.confidence).toBeGreaterThanOrEqual(minConfidence)
  })

  it('is less sure of a few characters than of a page', () => {
    expect(decodeText(iconv.encode('政府', 'gbk')).confidence).toBeLessThan(0.8)
    expect(decodeText(iconv.encode(gwr2016, 'gbk')).confidence).toBe(1)
  })

  it('hands text that is not Chinese to the detector library', () => {
    const text = 'Café au lait, déjà vu, naïve façade. Über schön.'
    const decoded = decodeText(iconv.encode(text, 'windows-1252'))
    expect(decoded.text).toBe(text)
    expect(decoded.encoding).toMatch(/^(iso-8859-1|windows-1252)$/)
  })

  it('decodes with the override and still reports what detection found', () => {
    const bytes = iconv.encode(shortSimplified, 'gbk')
    expect(decodeText(bytes, 'GBK')).toMatchObject({ text: shortSimplified, encoding: 'gb18030', detectedEncoding: 'gb18030' })
    const forced = decodeText(bytes, 'big5')
    expect(forced).toMatchObject({ encoding: 'big5', detectedEncoding: 'gb18030' })
    expect(forced.text).not.toBe(shortSimplified)
    expect(() => decodeText(bytes, 'klingon-8')).toThrow(expect.objectContaining({ code: 'ENCODING_UNSUPPORTED' }))
  })
})

describe('extractDocument: .txt', () => {
  it('imports a GBK file as GB18030 and normalises CRLF', async () => {
    const path = await fixture('gwr-2016-gbk.txt', iconv.encode(gwr2016.replace(/\n/g, '\r\n'), 'gbk'))
    const doc = await extractDocument(path)
    expect(doc).toMatchObject({ fileName: 'gwr-2016-gbk.txt', format: 'txt', encoding: 'gb18030', detectedEncoding: 'gb18030' })
    expect(doc.text).toBe(gwr2016)
    expect(doc.warnings).toEqual(['line-endings-normalized'])
  })

  it('takes the encoding override and warns when a short text leaves detection unsure', async () => {
    const path = await fixture('short-big5.txt', iconv.encode('政府', 'big5'))
    const detected = await extractDocument(path)
    expect(detected.warnings).toContain('encoding-low-confidence')
    const forced = await extractDocument(path, { encoding: 'big5' })
    expect(forced).toMatchObject({ text: '政府', encoding: 'big5' })
  })

  it('counts replacement characters when the chosen encoding does not fit', async () => {
    const path = await fixture('forced-wrong.txt', iconv.encode(simplified, 'gbk'))
    const doc = await extractDocument(path, { encoding: 'utf-8' })
    expect(doc.detectedEncoding).toBe('gb18030')
    expect(doc.warnings.some((w) => /^encoding-replacement-chars:\d+$/.test(w))).toBe(true)
  })
})


const docxParagraphs = ['广州市科学技术局关于印发某某方案的通知', '穗科字〔2019〕316号', '一、到2021年，全市研发经费支出占地区生产总值比重达到3%。', '']

/** A one-entry zip written by hand, so its sizes and flags can say anything. */
function rawZip(name: string, data: Uint8Array, declared: { compressed?: number; uncompressed: number; flags?: number; method?: number }): Uint8Array {
  const nameBytes = Buffer.from(name)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(declared.flags ?? 0, 6)
  local.writeUInt16LE(declared.method ?? 8, 8)
  local.writeUInt32LE(declared.compressed ?? data.length, 18)
  local.writeUInt32LE(declared.uncompressed, 22)
  local.writeUInt16LE(nameBytes.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(declared.flags ?? 0, 8)
  central.writeUInt16LE(declared.method ?? 8, 10)
  central.writeUInt32LE(declared.compressed ?? data.length, 20)
  central.writeUInt32LE(declared.uncompressed, 24)
  central.writeUInt16LE(nameBytes.length, 28)
  central.writeUInt32LE(0, 42)
  const centralOffset = local.length + nameBytes.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + nameBytes.length, 12)
  end.writeUInt32LE(centralOffset, 16)
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end])
}

describe('extractDocument: .docx', () => {
  it('reads the paragraphs of a Word document', async () => {
    const path = await fixture('plan.docx', zipSync(docxParts(docxParagraphs)))
    const doc = await extractDocument(path)
    expect(doc).toMatchObject({ format: 'docx', encoding: 'n/a', detectedEncoding: 'n/a', warnings: [] })
    expect(doc.text).toBe(docxParagraphs.filter(Boolean).join('\n'))
  })

  it('reads a .docx that a web site served under a .doc name', async () => {
    const path = await fixture('misnamed.doc', zipSync(docxParts(docxParagraphs)))
    expect((await extractDocument(path)).format).toBe('docx')
  })

  it('refuses a zip bomb of 300 MB of zeros from its directory, without inflating it', async () => {
    const zeros = deflateRawSync(Buffer.alloc(300 * 1024 * 1024), { level: 1 })
    const path = await fixture('bomb.docx', rawZip('word/document.xml', zeros, { uncompressed: 300 * 1024 * 1024 }))
    const started = performance.now()
    await expectCode(extractDocument(path), 'ARCHIVE_TOO_LARGE')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('refuses an entry compressed far beyond what documents reach, even under the size limit', async () => {
    const zeros = deflateRawSync(Buffer.alloc(20 * 1024 * 1024), { level: 9 })
    const path = await fixture('ratio.docx', rawZip('word/document.xml', zeros, { uncompressed: 20 * 1024 * 1024 }))
    await expectCode(extractDocument(path), 'ARCHIVE_SUSPICIOUS')
  })

  it('stops inflating an entry that is larger than its directory says', async () => {
    const zeros = deflateRawSync(Buffer.alloc(20 * 1024 * 1024), { level: 9 })
    const path = await fixture('liar.docx', rawZip('word/document.xml', zeros, { uncompressed: 1000 }))
    await expect(extractDocument(path)).rejects.toMatchObject({ code: 'FILE_CORRUPT', params: { reason: expect.stringContaining('larger than it declares') } })
  })

  it('refuses more entries than the limit', async () => {
    const parts: Record<string, Uint8Array> = docxParts(docxParagraphs)
    for (let i = 0; i < 10; i++) parts[`word/media/image${i}.png`] = strToU8('x')
    const path = await fixture('many.docx', zipSync(parts))
    await expectCode(extractDocument(path, { limits: { maxArchiveEntries: 5 } }), 'ARCHIVE_TOO_MANY_ENTRIES')
  })

  it.each([
    ['truncated', () => zipSync(docxParts(docxParagraphs)).subarray(0, 300), 'FILE_CORRUPT'],
    ['not a zip', () => Buffer.from('这不是 Word 文件'), 'FILE_CORRUPT'],
    ['a zip without a Word document in it', () => zipSync({ 'readme.txt': strToU8('hello') }), 'FILE_CORRUPT'],
    ['password-protected (OLE compound file with EncryptedPackage)', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('EncryptionInfo\0EncryptedPackage', 'utf16le')]), 'FILE_ENCRYPTED'],
    ['OLE compound file only (magic bytes)', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024, 7)]), 'FILE_ENCRYPTED'],
    ['a zip entry with the encryption flag', () => rawZip('word/document.xml', Buffer.alloc(40, 1), { uncompressed: 40, flags: 1, method: 0 }), 'FILE_ENCRYPTED'],
  ])('refuses a .docx that is %s', async (name, bytes, code) => {
    const path = await fixture(`${name.replace(/\W+/g, '-')}.docx`, bytes())
    await expectCode(extractDocument(path), code)
  })

  it('tells an analyst to re-save an old binary Word file as .docx', async () => {
    const oldDoc = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from('WordDocument', 'utf16le')])
    await expectCode(extractDocument(await fixture('old.doc', oldDoc)), 'LEGACY_WORD_FORMAT')
    await expectCode(extractDocument(await fixture('old-renamed.docx', oldDoc)), 'LEGACY_WORD_FORMAT')
  })
})

const savedPage = `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>广州市科学技术局_通知公告</title>
<style>body { font-family: 宋体 } .nav li { display: inline }</style>
<script>var 统计 = "不应出现的脚本文字"; document.write('<p>脚本输出</p>')</script>
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk">信息公开</a></li></ul></div>
<div class="position">您当前所在位置：首页 &gt; 通知公告</div>
<div class="article">
<h1>广州市科学技术局关于开展
2021年度科技计划项目申报的通知</h1>
<p>各有关单位：</p>
<p>\u3000\u3000为贯彻落实<span>《广州市科技创新“十四五”规划》</span>，现将有关事项通知如下：<br>一、申报时间&nbsp;截至2021年3月31日。</p>
<table><tr><th>项目类别</th><th>资助金额</th></tr><tr><td>基础研究</td><td>50万元</td></tr></table>
<noscript>请启用脚本</noscript>
</div>
<div class="footer">主办单位：广州市科学技术局 &copy; 版权所有</div>
</body></html>`

const savedPageText = [
  '首页',
  '信息公开',
  '您当前所在位置：首页 > 通知公告',
  '广州市科学技术局关于开展 2021年度科技计划项目申报的通知',
  '各有关单位：',
  '\u3000\u3000为贯彻落实《广州市科技创新“十四五”规划》，现将有关事项通知如下：',
  '一、申报时间 截至2021年3月31日。',
  '项目类别\t资助金额',
  '基础研究\t50万元',
  '主办单位：广州市科学技术局 © 版权所有',
].join('\n')

describe('extractDocument: .html', () => {
  it('decodes a GBK page by its meta charset and keeps the text a reader sees, nav included', async () => {
    const doc = await extractDocument(await fixture('notice.htm', iconv.encode(savedPage, 'gbk')))
    expect(doc).toMatchObject({ format: 'html', encoding: 'gb18030', detectedEncoding: 'gb18030', warnings: [] })
    expect(doc.text).toBe(savedPageText)
    expect(doc.text).not.toMatch(/脚本|font-family|广州市科学技术局_通知公告/)
  })

  it('joins a source line break between Chinese characters without a space', async () => {
    const doc = await extractDocument(await fixture('wrapped.html', '<meta charset="utf-8"><p>广州市科学技术局\n关于印发通知</p><p>Science and\ntechnology</p>'))
    expect(doc.text).toBe('广州市科学技术局关于印发通知\nScience and technology')
  })

  const paragraphs = (text: string) => text.split('\n').map((line) => `<p>${line}</p>`).join('\n')
  it.each([
    ['<meta charset>', `<meta charset="big5">${paragraphs(traditional)}`, 'big5', 'big5', []],
    ['no declaration (detected)', `<html><body>${paragraphs(simplified)}</body></html>`, 'gbk', 'gb18030', []],
    ['a UTF-8 page still declaring gb2312', `<meta http-equiv="content-type" content="text/html;charset=gb2312">${paragraphs(simplified)}`, 'utf-8', 'utf-8', ['html-charset-mismatch:gb2312']],
    ['UTF-16 found by its NUL pattern', `<meta charset="utf-16">${paragraphs(simplified)}`, 'utf-16le', 'utf-16le', []],
    ['an XHTML declaration', `<?xml version="1.0" encoding="GB2312"?><html><body>${paragraphs(simplified)}</body></html>`, 'gbk', 'gb18030', []],
  ])('finds the charset from %s', async (name, page, writtenAs, encoding, warnings) => {
    const doc = await extractDocument(await fixture(`${name.replace(/\W+/g, '-')}.html`, iconv.encode(page, writtenAs)))
    expect(doc.encoding).toBe(encoding)
    expect(doc.warnings).toEqual(warnings)
    expect(doc.text).toBe(writtenAs === 'big5' ? traditional : simplified)
  })

  it('takes the encoding override over the declaration', async () => {
    const doc = await extractDocument(await fixture('override.html', iconv.encode(savedPage, 'gbk')), { encoding: 'big5' })
    expect(doc).toMatchObject({ encoding: 'big5', detectedEncoding: 'gb18030' })
  })
})

describe('extractDocument: .pdf', () => {
  it('reads the text layer, line by line and page by page', async () => {
    const bytes = pdfWithPages([
      'BT /F1 12 Tf 72 720 Td (Work report of the Government) Tj 0 -20 Td (Targets for 2016) Tj ET',
      'BT /F1 12 Tf 72 720 Td (GDP growth of 6.5 to 7 percent) Tj ET',
    ])
    const doc = await extractDocument(await fixture('report.pdf', bytes))
    expect(doc).toMatchObject({ format: 'pdf', encoding: 'n/a', warnings: ['pdf-pages:2'] })
    expect(doc.text).toBe('Work report of the Government\nTargets for 2016\nGDP growth of 6.5 to 7 percent')
  })

  it('reads Chinese set in a non-embedded font through the predefined Adobe-GB1 CMap', async () => {
    const bytes = chinesePdf(['国务院关于印发通知'])
    expect((await extractDocument(await fixture('cjk.pdf', bytes))).text).toBe('国务院关于印发通知')
  })

  it('says which pages have no text when only some do', async () => {
    const bytes = pdfWithPages(['BT /F1 12 Tf 72 720 Td (Cover text) Tj ET', '72 72 300 400 re f'])
    expect((await extractDocument(await fixture('mixed.pdf', bytes))).warnings).toEqual(['pdf-pages:2', 'pdf-pages-without-text:1'])
  })

  it('refuses a PDF without a text layer (a scan: here, just a rectangle)', async () => {
    const path = await fixture('scan.pdf', pdfWithPages(['0.5 g 72 72 300 400 re f']))
    await expect(extractDocument(path)).rejects.toMatchObject({ code: 'PDF_NO_TEXT', params: { pages: 1 } })
  })

  it('refuses a password-protected PDF', async () => {
    const id = '0123456789abcdef0123456789abcdef'
    const encrypt = `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -44 >>`
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', encrypt]
    const path = await fixture('locked.pdf', makePdf(objects, `/Encrypt 3 0 R /ID [<${id}> <${id}>] `))
    await expectCode(extractDocument(path), 'FILE_ENCRYPTED')
  })

  it.each([
    ['garbage', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251))],
    ['a truncated header', Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type')],
  ])('refuses %s named .pdf as corrupt', async (name, bytes) => {
    await expectCode(extractDocument(await fixture(`${name.replace(/\W+/g, '-')}.pdf`, bytes)), 'FILE_CORRUPT')
  })
})

describe('extractDocument: files that are not documents', () => {
  it('refuses a file over the size limit from stat alone, before reading it', async () => {
    const path = join(dir, 'huge.txt')
    await writeFile(path, '')
    await truncate(path, 60 * 1024 * 1024)
    vi.mocked(fsp.open).mockClear()
    vi.mocked(fsp.readFile).mockClear()
    await expect(extractDocument(path)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', params: { size: '60', limit: '50' } })
    expect(fsp.open).not.toHaveBeenCalled()
    expect(fsp.readFile).not.toHaveBeenCalled()
    expect(defaultImportLimits.maxFileBytes).toBe(50 * 1024 * 1024)
  })

  it('applies a configured size limit', async () => {
    const path = await fixture('small-limit.txt', simplified)
    await expectCode(extractDocument(path, { limits: { maxFileBytes: 100 } }), 'FILE_TOO_LARGE')
  })

  it.each([
    ['empty.txt', ''],
    ['blank.txt', ' \r\n\t\n'],
    ['empty.html', '<html><body><script>x()</script></body></html>'],
    ['empty.docx', zipSync(docxParts(['']))],
  ])('refuses %s as empty', async (name, bytes) => {
    await expectCode(extractDocument(await fixture(name, bytes)), 'FILE_EMPTY')
  })

  it.each([
    ['the start of the Node executable', () => readFileSync(process.execPath).subarray(0, 64 * 1024)],
    ['a PNG image', () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256))])],
    ['a .docx renamed', () => zipSync(docxParts(docxParagraphs))],
    ['a PDF renamed', () => pdfWithPages(['BT /F1 12 Tf 72 720 Td (Text) Tj ET'])],
  ])('refuses %s renamed .txt as binary', async (name, bytes) => {
    await expectCode(extractDocument(await fixture(`${name.replace(/\W+/g, '-')}.txt`, bytes())), 'FILE_BINARY')
  })

  it.each([
    ['sheet.xlsx', 'UNSUPPORTED_FORMAT'],
    ['notes', 'UNSUPPORTED_FORMAT'],
    ['missing.txt', 'FILE_UNREADABLE'],
  ])('refuses %s', async (name, code) => {
    const path = name === 'missing.txt' ? join(dir, name) : await fixture(name, 'text')
    await expectCode(extractDocument(path), code)
  })

  it('refuses a folder named like a document', async () => {
    const path = join(dir, 'folder.txt')
    await mkdir(path)
    await expect(extractDocument(path)).rejects.toMatchObject({ code: 'FILE_UNREADABLE', params: { reason: 'not a file' } })
  })

  it('has a message for every refusal in both languages', () => {
    const zh = formatError('ARCHIVE_TOO_LARGE', { path: 'a.docx', size: '300.0', limit: '200.0' }, 'zh-CN')
    expect(zh).toBe('a.docx 解压后过大（300.0 MB，上限 200.0 MB），为安全起见没有打开。')
    expect(formatError('PDF_NO_TEXT', { path: 'scan.pdf', pages: 3 }, 'en')).toContain('no text layer')
  })
})

describe('readDocumentFile over the importers', () => {
  it.each([
    ['gbk.txt', () => iconv.encode(`${simplified}\r\n`, 'gbk'), 'txt', 'gb18030', ['normalize-line-endings']],
    ['plan.docx', () => zipSync(docxParts(docxParagraphs)), 'docx', 'n/a', []],
    ['page.html', () => iconv.encode(savedPage, 'gbk'), 'html', 'gb18030', []],
  ])('maps %s to the store input', async (name, bytes, format, encoding, cleanupApplied) => {
    const input = await readDocumentFile(await fixture(`rdf-${name}`, bytes()))
    expect(input).toMatchObject({ fileName: `rdf-${name}`, format, encoding, cleanupApplied })
  })

  it('keeps its size limit in megabytes', async () => {
    const path = await fixture('rdf-limit.txt', 'x'.repeat(2 * 1024 * 1024))
    await expect(readDocumentFile(path, 1)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', params: { size: '2', limit: '1' } })
  })
})
