// Find in the open document: the same script and width folding as the workspace search, run
// here on the document's text (folded once, when the first query is typed). Every hit near the
// viewport is painted with the `pwb-find` highlight, the current one with `pwb-find-current`;
// the current hit also becomes the reader's selection, so a label key tags it.
import { useCallback, useRef, useState } from 'react'
import { prepareSearch, searchFolded, type PreparedText, type SearchHit } from '../../../../shared/folded-search'
import type { TextMap } from './text-map'

export interface Span {
  start: number
  end: number
}

const NO_HITS: readonly Span[] = []
/** Characters painted beyond each edge of the visible text (as the annotation layer does). */
const WINDOW_MARGIN = 1500

export interface Find {
  open: boolean
  query: string
  hits: readonly Span[]
  /** The current hit, or -1 before the first step. */
  index: number
  show: () => void
  close: () => void
  search: (query: string) => void
  step: (direction: 1 | -1) => void
}

/**
 * `from` is where a search starts (the caret): typing goes to the first hit at or after it, like a
 * browser's find bar. `go` selects a hit and brings it into view.
 */
export function useFind(text: string, from: number, go: (hit: Span) => void): Find {
  const [state, setState] = useState({ open: false, query: '', hits: NO_HITS, index: -1, text })
  const prepared = useRef<PreparedText | null>(null)
  // Another document was opened: the bar closes (its query is kept for the next Ctrl+F).
  const current = state.text === text ? state : { ...state, open: false, hits: NO_HITS, index: -1 }

  const hitsOf = useCallback(
    (query: string): readonly Span[] => {
      if (query.trim() === '') return NO_HITS
      if (prepared.current?.text !== text) prepared.current = prepareSearch(text)
      const found: SearchHit[] = searchFolded(prepared.current, query, { limit: text.length, context: 0 }).hits
      return found.map(({ start, end }) => ({ start, end }))
    },
    [text],
  )

  const search = (query: string) => {
    const hits = hitsOf(query)
    const after = hits.findIndex((hit) => hit.start >= from)
    const index = hits.length === 0 ? -1 : after === -1 ? 0 : after
    setState({ open: true, query, hits, index, text })
    if (index >= 0) go(hits[index])
  }

  const step = (direction: 1 | -1) => {
    const { hits, index } = current
    if (hits.length === 0) return
    let next: number
    if (index >= 0) next = (index + direction + hits.length) % hits.length
    else if (direction > 0) next = Math.max(0, hits.findIndex((hit) => hit.start >= from))
    else next = hits.findLastIndex((hit) => hit.start < from)
    if (next < 0) next = hits.length - 1
    setState({ ...current, index: next })
    go(hits[next])
  }

  return {
    ...current,
    // Reopening keeps the last query and finds it again, without moving the selection.
    show: () => setState({ open: true, query: current.query, hits: hitsOf(current.query), index: -1, text }),
    close: () => setState({ ...current, open: false }),
    search,
    step,
  }
}

/** Paints the hits near the viewport; registering thousands of ranges would slow every repaint. */
export class FindHighlight {
  private readonly all = new Highlight()
  private readonly current = new Highlight()
  private hits: readonly Span[] = NO_HITS
  private window = { start: 0, end: 0 }

  constructor(private readonly map: TextMap) {
    // Above the annotation highlights (priorities 0–2), so a hit inside an annotation shows.
    this.all.priority = 3
    this.current.priority = 4
    CSS.highlights.set('pwb-find', this.all)
    CSS.highlights.set('pwb-find-current', this.current)
  }

  show(hits: readonly Span[], index: number): void {
    const moved = hits !== this.hits
    this.hits = hits
    if (moved) this.paintWindow()
    this.current.clear()
    const hit = hits[index]
    const range = hit ? this.map.range(hit.start, hit.end) : null
    if (range) this.current.add(range)
  }

  setVisible(start: number, end: number): void {
    if (start >= this.window.start && end <= this.window.end && this.window.end > this.window.start) return
    this.window = { start: Math.max(0, start - WINDOW_MARGIN), end: end + WINDOW_MARGIN }
    this.paintWindow()
  }

  private paintWindow(): void {
    this.all.clear()
    const { start, end } = this.window
    // Hits are in text order: find the first one reaching into the window, paint until past it.
    let low = 0
    let high = this.hits.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.hits[mid].end <= start) low = mid + 1
      else high = mid
    }
    for (let i = low; i < this.hits.length && this.hits[i].start < end; i++) {
      const range = this.map.range(this.hits[i].start, this.hits[i].end)
      if (range) this.all.add(range)
    }
  }

  dispose(): void {
    CSS.highlights.delete('pwb-find')
    CSS.highlights.delete('pwb-find-current')
  }
}

/**
 * Scrolls a span to the middle of the scroller unless it is already in view below
 * `coveredTop` pixels (the sticky bar).
 */
export function revealSpan(scroller: HTMLElement, map: TextMap, span: Span, coveredTop: number): void {
  const range = map.range(span.start, span.end)
  if (!range) return
  const place = () => {
    const rect = range.getBoundingClientRect()
    const box = scroller.getBoundingClientRect()
    const top = box.top + coveredTop
    if (rect.top >= top && rect.bottom <= box.bottom) return
    scroller.scrollTop += rect.top + rect.height / 2 - (top + box.bottom) / 2
  }
  place()
  // Paragraphs laid out for the first time by that scroll (content-visibility) can move the span.
  requestAnimationFrame(place)
}
