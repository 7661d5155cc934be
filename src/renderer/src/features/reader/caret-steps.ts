// Where the caret goes on a word or sentence step. Words come from the platform's segmenter
// (ICU's dictionary-based segmentation handles Chinese without spaces); sentences end at
// Chinese and Western sentence punctuation or a line break.

const wordSegmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' })
const sentenceEnd = /[。！？；!?;\n]/

export function wordStep(text: string, offset: number, direction: 1 | -1): number {
  const windowStart = Math.max(0, offset - 200)
  const slice = text.slice(windowStart, Math.min(text.length, offset + 200))
  const boundaries: number[] = []
  for (const segment of wordSegmenter.segment(slice)) {
    if (segment.isWordLike) boundaries.push(windowStart + segment.index, windowStart + segment.index + segment.segment.length)
  }
  if (direction > 0) return boundaries.find((boundary) => boundary > offset) ?? Math.min(text.length, offset + 1)
  return boundaries.filter((boundary) => boundary < offset).at(-1) ?? Math.max(0, offset - 1)
}

export function sentenceStep(text: string, offset: number, direction: 1 | -1): number {
  if (direction > 0) {
    for (let i = offset; i < text.length; i++) {
      if (sentenceEnd.test(text[i])) return i + 1
    }
    return text.length
  }
  // Back to the start of this sentence, or of the previous one when already at a start.
  for (let i = offset - 2; i >= 0; i--) {
    if (sentenceEnd.test(text[i])) return i + 1
  }
  return 0
}
