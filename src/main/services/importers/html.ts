// Saved web pages: find the charset the page declares, decode, and keep the text a reader sees,
// one block element per line. Navigation and footers stay: the clean-up step removes them with
// the analyst's consent (DESIGN §6).
import { Parser } from 'htmlparser2'
import { AppError } from '../app-error'
import { canonicalEncoding, decodeWith, detectEncoding, looksBinary, LOW_CONFIDENCE } from './decode-text'

export interface ExtractedHtml {
  text: string
  encoding: string
  detectedEncoding: string
  warnings: string[]
}

/** Browsers look for the charset declaration near the top; saved pages may pad the head more. */
const PRESCAN_BYTES = 64 * 1024

export function extractHtml(bytes: Uint8Array, path: string, override?: string): ExtractedHtml {
  const warnings: string[] = []
  const found = findCharset(bytes, warnings)
  const encoding = override === undefined ? found.encoding : canonicalEncoding(override)
  if (encoding === null) throw new AppError('ENCODING_UNSUPPORTED', { encoding: override ?? '' })
  const html = decodeWith(bytes, encoding)
  if (looksBinary(html)) throw new AppError('FILE_BINARY', { path })
  if (found.confidence < LOW_CONFIDENCE) warnings.push('encoding-low-confidence')
  return { text: htmlToText(html), encoding, detectedEncoding: found.encoding, warnings }
}

function findCharset(bytes: Uint8Array, warnings: string[]): { encoding: string; confidence: number } {
  const detected = detectEncoding(bytes)
  // A byte-order mark outranks any declaration, as in browsers; a UTF-16 page's declaration
  // could not be read as ASCII anyway.
  if (detected.encoding.startsWith('utf-16')) return detected
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return detected
  const label = declaredCharset(bytes)
  if (label === null) return detected
  // Browsers read a page that calls itself UTF-16 but was found ASCII-compatible as UTF-8.
  const declared = canonicalEncoding(label)?.replace(/^utf-16(le|be)$/, 'utf-8') ?? null
  if (declared === null) {
    warnings.push(`html-charset-unknown:${label}`)
    return detected
  }
  // Pages re-saved by a browser or editor are often UTF-8 while still declaring gb2312; valid
  // UTF-8 with Chinese in it is never accidentally so.
  if (declared !== 'utf-8' && detected.encoding === 'utf-8' && hasNonAscii(bytes)) {
    warnings.push(`html-charset-mismatch:${label}`)
    return detected
  }
  return { encoding: declared, confidence: 1 }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte >= 0x80)
}

/** <meta charset>, <meta http-equiv="Content-Type" content="…; charset=…">, or <?xml encoding?>. */
function declaredCharset(bytes: Uint8Array): string | null {
  // Declarations are ASCII, and latin1 maps every byte to one character, so any page parses.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PRESCAN_BYTES)).toString('latin1')
  let charset: string | null = null
  const parser = new Parser({
    onprocessinginstruction(_name, data) {
      charset ??= /encoding\s*=\s*["']?([\w.:-]+)/i.exec(data)?.[1] ?? null
    },
    onopentag(name, attributes) {
      if (name !== 'meta' || charset !== null) return
      if (attributes.charset) charset = attributes.charset.trim()
      else if (attributes['http-equiv']?.toLowerCase() === 'content-type') {
        charset = /charset\s*=\s*["']?([\w.:-]+)/i.exec(attributes.content ?? '')?.[1] ?? null
      }
    },
  })
  parser.write(head)
  parser.end()
  return charset
}

/** Elements whose text a reader never sees. */
const HIDDEN = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'audio', 'video', 'select'])
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
])
const CELL = new Set(['td', 'th'])
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u

export function htmlToText(html: string): string {
  const out = new TextBuilder()
  let hidden = 0
  let pre = 0
  const parser = new Parser(
    {
      onopentag(name) {
        if (HIDDEN.has(name)) hidden++
        if (hidden > 0) return
        if (name === 'pre') pre++
        if (BLOCK.has(name)) out.lineBreak()
        else if (name === 'br') out.hardBreak()
        else if (CELL.has(name)) out.cell()
      },
      ontext(text) {
        if (hidden === 0) out.text(text, pre > 0)
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1)
        if (hidden > 0) return
        if (name === 'pre') pre = Math.max(0, pre - 1)
        if (BLOCK.has(name)) out.lineBreak()
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return out.toString()
}

/**
 * Collapses whitespace as a browser does, except that a source line break between two Chinese
 * characters is dropped rather than shown as a space (Chinese has no spaces between words).
 */
class TextBuilder {
  private lines: string[] = []
  private line = ''
  private pendingSpace: 'none' | 'space' | 'newline' = 'none'
  private cellOpen = false

  text(raw: string, preformatted: boolean): void {
    if (preformatted) {
      const parts = raw.replace(/\r\n?/g, '\n').split('\n')
      parts.forEach((part, i) => {
        if (i > 0) this.hardBreak()
        this.append(part)
      })
      return
    }
    const collapsed = raw.replace(/\u00a0/g, ' ')
    for (const piece of collapsed.split(/([ \t\n\r\f]+)/)) {
      if (piece === '') continue
      if (/^[ \t\n\r\f]+$/.test(piece)) {
        if (this.pendingSpace !== 'newline') this.pendingSpace = /[\n\r]/.test(piece) ? 'newline' : 'space'
        continue
      }
      this.append(piece)
    }
  }

  private append(piece: string): void {
    if (this.pendingSpace !== 'none' && this.line !== '' && !this.line.endsWith('\t')) {
      const joinsChinese = this.pendingSpace === 'newline' && CJK.test(this.line.slice(-1)) && CJK.test(piece[0])
      if (!joinsChinese) this.line += ' '
    }
    this.pendingSpace = 'none'
    this.line += piece
  }

  cell(): void {
    if (this.cellOpen && this.line.trim() !== '') this.line = this.line.trimEnd() + '\t'
    this.cellOpen = true
    this.pendingSpace = 'none'
  }

  lineBreak(): void {
    if (this.line.trim() !== '') this.hardBreak()
    this.cellOpen = false
  }

  hardBreak(): void {
    this.lines.push(this.line.replace(/[ \t]+$/, ''))
    this.line = ''
    this.pendingSpace = 'none'
  }

  toString(): string {
    this.lineBreak()
    return this.lines
      .map((line) => line.replace(/^[ \t]+/, ''))
      .filter((line) => line !== '')
      .join('\n')
  }
}
