// Paints annotations with the CSS Custom Highlight API: the text's DOM is never rebuilt for an
// annotation. Chromium revalidates every registered range whenever any highlight changes, so
// only the annotations near the viewport are registered (a window of offsets that follows the
// scroll); a change then costs a few hundred ranges, not all of them.
// Labels differ by underline style as well as colour, and stretches covered by two or more
// annotations get a darker band, so overlaps stay legible. Proposals of the suggestion engine
// (status 'suggested') have highlights of their own: a dashed outline-like underline and almost
// no background, and they take no part in the overlap band.
import type { Annotation, Label } from '../../../../shared/model'
import type { TextMap } from './text-map'

const underlineStyles = ['solid', 'double', 'dotted', 'dashed', 'wavy'] as const
/**
 * Characters registered beyond each edge of the visible paragraphs. Any highlight change makes
 * Chromium repaint every text node that carries a registered range, so this margin is paid in
 * paint on every keystroke: 1,500 made the frame repaint about four screens of text (2.6 ms
 * of a tag's frame in the profile); 400 (about ten lines) repaints little more than the screen,
 * and the window still follows the scroll in the same frame (a scroll listener, once per frame).
 */
const WINDOW_MARGIN = 400

export function labelHighlightName(index: number): string {
  return `pwb-label-${index}`
}

export function suggestionHighlightName(index: number): string {
  return `pwb-suggest-${index}`
}

function hexToRgba(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16)
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`
}

/** The ::highlight() rules for the workspace's labels (they are user-defined, so generated). */
export function highlightStyles(labels: readonly Label[]): string {
  const rules = labels.map((label, index) => {
    const style = underlineStyles[index % underlineStyles.length]
    return (
      `::highlight(${labelHighlightName(index)}) { background-color: ${hexToRgba(label.color, 0.16)}; text-decoration: underline ${style} ${label.color}; text-decoration-thickness: 2px; text-underline-offset: 4px; }\n` +
      `::highlight(${suggestionHighlightName(index)}) { background-color: ${hexToRgba(label.color, 0.05)}; text-decoration: underline dashed ${label.color}; text-decoration-thickness: 1px; text-underline-offset: 5px; }`
    )
  })
  rules.push(
    '::highlight(pwb-overlap) { background-color: rgba(90, 70, 20, 0.16); }',
    '::highlight(pwb-selected) { background-color: rgba(255, 196, 0, 0.45); }',
  )
  return rules.join('\n')
}

export class HighlightLayer {
  private annotations: readonly Annotation[] = []
  private selectedId: string | null = null
  private window = { start: 0, end: 0 }
  /** What is registered now, by annotation id: the exact object painted, and its Range. */
  private readonly registered = new Map<string, { annotation: Annotation; range: Range; highlight: Highlight }>()
  private readonly byLabel = new Map<string, Highlight>()
  private readonly suggestedByLabel = new Map<string, Highlight>()
  private readonly overlap = new Highlight()
  private readonly selected = new Highlight()
  private readonly names: string[] = []

  constructor(
    private readonly map: TextMap,
    labels: readonly Label[],
  ) {
    labels.forEach((label, index) => {
      const highlight = new Highlight()
      this.byLabel.set(label.key, highlight)
      const name = labelHighlightName(index)
      CSS.highlights.set(name, highlight)
      this.names.push(name)
      const suggested = new Highlight()
      this.suggestedByLabel.set(label.key, suggested)
      CSS.highlights.set(suggestionHighlightName(index), suggested)
      this.names.push(suggestionHighlightName(index))
    })
    this.overlap.priority = 1
    this.selected.priority = 2
    CSS.highlights.set('pwb-overlap', this.overlap)
    CSS.highlights.set('pwb-selected', this.selected)
    this.names.push('pwb-overlap', 'pwb-selected')
  }

  /** New annotations or selection: repaint what changed inside the current window. */
  sync(annotations: readonly Annotation[], selectedId: string | null): void {
    this.annotations = annotations
    this.selectedId = selectedId
    this.paintWindow()
  }

  /** The visible text moved: register the annotations of the new window. */
  setVisible(start: number, end: number): void {
    const inside = start >= this.window.start && end <= this.window.end
    if (inside && this.window.end > this.window.start) return
    this.window = { start: Math.max(0, start - WINDOW_MARGIN), end: end + WINDOW_MARGIN }
    this.paintWindow()
  }

  /** Registered annotations (for tests and benchmarks). */
  get registeredCount(): number {
    return this.registered.size
  }

  private paintWindow(): void {
    // A linear pass: cheaper than keeping an interval index current on every edit.
    const { start, end } = this.window
    const wanted = this.annotations.filter((annotation) => annotation.start < end && annotation.end > start)
    const keep = new Set<string>()
    let changed = false
    for (const annotation of wanted) {
      keep.add(annotation.id)
      const current = this.registered.get(annotation.id)
      if (current?.annotation === annotation) continue
      if (current) this.unregister(annotation.id)
      const highlight = (annotation.status === 'suggested' ? this.suggestedByLabel : this.byLabel).get(annotation.label)
      const range = this.map.range(annotation.start, annotation.end)
      if (!highlight || !range) continue
      highlight.add(range)
      this.registered.set(annotation.id, { annotation, range, highlight })
      changed = true
    }
    for (const id of [...this.registered.keys()]) {
      if (!keep.has(id)) {
        this.unregister(id)
        changed = true
      }
    }
    if (changed) this.paintOverlaps(wanted.filter((annotation) => annotation.status !== 'suggested'))
    this.selected.clear()
    const chosen = this.selectedId ? this.annotations.find((a) => a.id === this.selectedId) : undefined
    const range = chosen ? this.map.range(chosen.start, chosen.end) : null
    if (range) this.selected.add(range)
  }

  private unregister(id: string): void {
    const current = this.registered.get(id)
    if (!current) return
    current.highlight.delete(current.range)
    this.registered.delete(id)
  }

  /** Marks every stretch covered by two or more annotations (one sweep over their ends). */
  private paintOverlaps(annotations: readonly Annotation[]): void {
    this.overlap.clear()
    const events: Array<[number, number]> = []
    for (const annotation of annotations) events.push([annotation.start, 1], [annotation.end, -1])
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
    let depth = 0
    let from = 0
    for (const [offset, step] of events) {
      if (depth >= 2 && offset > from) {
        const range = this.map.range(from, offset)
        if (range) this.overlap.add(range)
      }
      depth += step
      from = offset
    }
  }

  dispose(): void {
    for (const name of this.names) CSS.highlights.delete(name)
  }
}
