// Maps document offsets (UTF-16, as stored) to DOM positions in the rendered text and back.
// The reader renders one <p data-start> per non-empty line, each holding one text node, so a
// position is a binary search over paragraph starts.

export interface Paragraph {
  start: number
  text: string
}

/** Splits the text at line breaks, keeping each paragraph's offset. Blank lines render nothing. */
export function paragraphsOf(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let start = 0
  for (const line of text.split('\n')) {
    if (line.trim() !== '') paragraphs.push({ start, text: line })
    start += line.length + 1
  }
  return paragraphs
}

export class TextMap {
  private readonly starts: number[]
  private readonly nodes: Text[]

  constructor(
    readonly root: HTMLElement,
    readonly paragraphs: readonly Paragraph[],
  ) {
    const elements = root.querySelectorAll<HTMLElement>('p[data-start]')
    this.starts = paragraphs.map((paragraph) => paragraph.start)
    this.nodes = Array.from(elements, (element) => {
      if (!element.firstChild) element.append(document.createTextNode(''))
      return element.firstChild as Text
    })
  }

  /** Index of the paragraph containing offset, or the last one starting before it. */
  private paragraphIndex(offset: number): number {
    let low = 0
    let high = this.starts.length - 1
    let found = -1
    while (low <= high) {
      const mid = (low + high) >>> 1
      if (this.starts[mid] <= offset) {
        found = mid
        low = mid + 1
      } else high = mid - 1
    }
    return found
  }

  /**
   * The DOM point for an offset. Offsets between paragraphs (line breaks) snap forward to the
   * next paragraph for a span's start and backward to the previous one's end for its end.
   */
  point(offset: number, snap: 'forward' | 'backward'): { node: Text; offset: number } | null {
    if (this.nodes.length === 0) return null
    const index = this.paragraphIndex(offset)
    if (index >= 0) {
      const paragraph = this.paragraphs[index]
      const within = offset - paragraph.start
      if (within <= paragraph.text.length) return { node: this.nodes[index], offset: within }
      if (snap === 'backward') return { node: this.nodes[index], offset: paragraph.text.length }
    }
    const next = index + 1
    if (next < this.nodes.length) return { node: this.nodes[next], offset: 0 }
    const last = this.nodes.length - 1
    return { node: this.nodes[last], offset: this.paragraphs[last].text.length }
  }

  range(start: number, end: number): Range | null {
    const from = this.point(start, 'forward')
    const to = this.point(end, 'backward')
    if (!from || !to) return null
    const range = document.createRange()
    range.setStart(from.node, from.offset)
    range.setEnd(to.node, to.offset)
    return range
  }

  /** The document offset of a DOM point inside the text, or null when it is outside. */
  offsetOf(node: Node, offset: number): number | null {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element)
    const paragraph = element?.closest<HTMLElement>('p[data-start]')
    if (!paragraph || !this.root.contains(paragraph)) return null
    const start = Number(paragraph.dataset.start)
    if (node.nodeType === Node.TEXT_NODE) return start + offset
    // A point between child nodes of the paragraph itself: before or after its text.
    return start + (offset === 0 ? 0 : (paragraph.textContent?.length ?? 0))
  }

  /** The text offsets shown between two viewport y coordinates (whole paragraphs). */
  visibleOffsets(top: number, bottom: number): { start: number; end: number } {
    const elements = this.nodes.map((node) => node.parentElement!)
    const firstBelow = (y: number, edge: 'top' | 'bottom') => {
      let low = 0
      let high = elements.length
      while (low < high) {
        const mid = (low + high) >>> 1
        if (elements[mid].getBoundingClientRect()[edge] < y) low = mid + 1
        else high = mid
      }
      return low
    }
    if (elements.length === 0) return { start: 0, end: 0 }
    const first = Math.min(elements.length - 1, firstBelow(top, 'bottom'))
    const last = Math.max(first, Math.min(elements.length - 1, firstBelow(bottom, 'top')))
    const lastParagraph = this.paragraphs[last]
    return { start: this.paragraphs[first].start, end: lastParagraph.start + lastParagraph.text.length }
  }

  offsetAtPoint(x: number, y: number): number | null {
    const position = document.caretPositionFromPoint?.(x, y)
    if (position) return this.offsetOf(position.offsetNode, position.offset)
    const range = document.caretRangeFromPoint?.(x, y)
    return range ? this.offsetOf(range.startContainer, range.startOffset) : null
  }
}
