// Paints annotations with the CSS Custom Highlight API: the text's DOM is never rebuilt for an
// annotation; each label owns one Highlight (a set of Ranges), and a change adds or removes
// only the Ranges that changed. Labels differ by underline style as well as colour, and spans
// covered by more than one annotation get a darker band, so overlaps stay legible.
import type { Annotation, Label } from '../../../../shared/model'
import type { TextMap } from './text-map'

const underlineStyles = ['solid', 'double', 'dotted', 'dashed', 'wavy'] as const

export function labelHighlightName(index: number): string {
  return `pwb-label-${index}`
}

function hexToRgba(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16)
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`
}

/** The ::highlight() rules for the workspace's labels (they are user-defined, so generated). */
export function highlightStyles(labels: readonly Label[]): string {
  const rules = labels.map((label, index) => {
    const style = underlineStyles[index % underlineStyles.length]
    return `::highlight(${labelHighlightName(index)}) { background-color: ${hexToRgba(label.color, 0.16)}; text-decoration: underline ${style} ${label.color}; text-decoration-thickness: 2px; text-underline-offset: 4px; }`
  })
  rules.push(
    '::highlight(pwb-overlap) { background-color: rgba(90, 70, 20, 0.16); }',
    '::highlight(pwb-selected) { background-color: rgba(255, 196, 0, 0.45); }',
    '::highlight(pwb-suggested) { text-decoration: underline dashed #888; }',
  )
  return rules.join('\n')
}

interface Painted {
  annotation: Annotation
  range: Range
  highlight: Highlight
}

export class HighlightLayer {
  private readonly painted = new Map<string, Painted>()
  private readonly byLabel = new Map<string, Highlight>()
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
    })
    this.overlap.priority = 1
    this.selected.priority = 2
    CSS.highlights.set('pwb-overlap', this.overlap)
    CSS.highlights.set('pwb-selected', this.selected)
    this.names.push('pwb-overlap', 'pwb-selected')
  }

  /** Brings the painted set in line with `annotations`, touching only what changed. */
  sync(annotations: readonly Annotation[], selectedId: string | null): void {
    const seen = new Set<string>()
    let overlapsChanged = false
    for (const annotation of annotations) {
      seen.add(annotation.id)
      const current = this.painted.get(annotation.id)
      if (current && current.annotation === annotation) continue
      if (current) this.unpaint(annotation.id)
      const highlight = this.byLabel.get(annotation.label)
      const range = this.map.range(annotation.start, annotation.end)
      if (!highlight || !range) continue
      highlight.add(range)
      this.painted.set(annotation.id, { annotation, range, highlight })
      overlapsChanged = true
    }
    for (const id of [...this.painted.keys()]) {
      if (!seen.has(id)) {
        this.unpaint(id)
        overlapsChanged = true
      }
    }
    if (overlapsChanged) this.paintOverlaps()
    this.selected.clear()
    const chosen = selectedId ? this.painted.get(selectedId) : undefined
    if (chosen) this.selected.add(chosen.range)
  }

  private unpaint(id: string): void {
    const painted = this.painted.get(id)
    if (!painted) return
    painted.highlight.delete(painted.range)
    this.painted.delete(id)
  }

  /** Marks every stretch covered by two or more annotations (one sweep over their ends). */
  private paintOverlaps(): void {
    this.overlap.clear()
    const events: Array<[number, number]> = []
    for (const { annotation } of this.painted.values()) {
      events.push([annotation.start, 1], [annotation.end, -1])
    }
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
