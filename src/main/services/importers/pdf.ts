// PDFs: the text layer, read with PDF.js (legacy build: the one meant for Node, no canvas or
// browser needed). A scanned PDF has no text layer; OCR is out of scope, so it is refused.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { AppError } from '../app-error'
import { checkPdfCost } from './pdf-guard'

export interface ExtractedPdf {
  text: string
  warnings: string[]
}

/**
 * Chinese PDFs often use the predefined Adobe-GB1/CNS1 CMaps with fonts that are not embedded;
 * without PDF.js's CMap files their text cannot be mapped to Unicode.
 */
function cMapDirectory(): string {
  return join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps') + '/'
}

export async function extractPdf(bytes: Uint8Array, path: string): Promise<ExtractedPdf> {
  // Before PDF.js is loaded or given the file: a fake or a decompression bomb costs nothing.
  checkPdfCost(bytes, path)
  // Loaded on first use: PDF.js is large and most imports are not PDFs.
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const task = getDocument({
    // PDF.js may transfer (detach) the buffer it is given.
    data: new Uint8Array(bytes),
    cMapUrl: cMapDirectory(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
  })
  try {
    const pdf = await task.promise
    const lines: string[] = []
    let emptyPages = 0
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const content = await page.getTextContent()
      let line = ''
      let pageText = ''
      for (const item of content.items) {
        if (!('str' in item)) continue
        line += item.str
        pageText += item.str
        if (item.hasEOL) {
          lines.push(line)
          line = ''
        }
      }
      lines.push(line)
      if (pageText.trim() === '') emptyPages++
      page.cleanup()
    }
    const text = lines.map((line) => line.trimEnd()).filter((line) => line.trim() !== '').join('\n')
    if (text === '') throw new AppError('PDF_NO_TEXT', { path, pages: pdf.numPages })
    const warnings = [`pdf-pages:${pdf.numPages}`]
    if (emptyPages > 0) warnings.push(`pdf-pages-without-text:${emptyPages}`)
    return { text, warnings }
  } catch (error) {
    if (error instanceof AppError) throw error
    const name = (error as Error).name
    if (name === 'PasswordException') throw new AppError('FILE_ENCRYPTED', { path })
    throw new AppError('FILE_CORRUPT', { path, reason: (error as Error).message })
  } finally {
    await task.destroy()
  }
}
