import { memo } from 'react'
import type { Paragraph } from './text-map'

/** The text, rendered once per document: edits never re-render (or even diff) it. */
// Paragraphs are laid out in chunks, each skipped while off screen (content-visibility): one
// chunk per few thousand characters keeps the browser's per-frame visibility checks and hit
// tests to a few hundred boxes, where one per paragraph made every frame of a long report pay.
const CHUNK_CHARACTERS = 4000
// Line height × characters per line of the text column, for the height of a chunk not yet laid out.
const ESTIMATED_LINE_PX = 33
const ESTIMATED_LINE_CHARACTERS = 40

function chunksOf(paragraphs: readonly Paragraph[]): Paragraph[][] {
  const chunks: Paragraph[][] = []
  let chunk: Paragraph[] = []
  let size = 0
  for (const paragraph of paragraphs) {
    chunk.push(paragraph)
    size += paragraph.text.length
    if (size >= CHUNK_CHARACTERS) {
      chunks.push(chunk)
      chunk = []
      size = 0
    }
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}

function estimatedHeight(chunk: readonly Paragraph[]): number {
  let lines = 0
  for (const paragraph of chunk) lines += Math.ceil(paragraph.text.length / ESTIMATED_LINE_CHARACTERS) + 0.5
  return Math.round(lines * ESTIMATED_LINE_PX)
}

export const DocumentParagraphs = memo(function DocumentParagraphs({ paragraphs }: { paragraphs: readonly Paragraph[] }) {
  return chunksOf(paragraphs).map((chunk) => (
    <div key={chunk[0].start} className="paragraph-chunk" style={{ containIntrinsicSize: `auto ${estimatedHeight(chunk)}px` }}>
      {chunk.map((paragraph) => (
        <p key={paragraph.start} data-start={paragraph.start}>
          {paragraph.text}
        </p>
      ))}
    </div>
  ))
})
