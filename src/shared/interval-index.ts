// Which annotations cover a point, or overlap a range, without scanning them all: a static
// interval tree laid out over the intervals sorted by start (an implicit balanced tree in
// which each node keeps the largest end below it), built once per change of the set.
export interface Interval {
  start: number
  end: number
}

export class IntervalIndex<T extends Interval> {
  private readonly items: T[]
  /** maxEnd[i]: the largest `end` in the implicit subtree rooted at i. */
  private readonly maxEnd: number[]

  constructor(intervals: readonly T[]) {
    this.items = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end)
    this.maxEnd = this.items.map((item) => item.end)
    this.fillMaxEnd(0, this.items.length - 1)
  }

  get size(): number {
    return this.items.length
  }

  private fillMaxEnd(low: number, high: number): number {
    if (low > high) return Number.NEGATIVE_INFINITY
    const mid = (low + high) >>> 1
    const below = Math.max(this.fillMaxEnd(low, mid - 1), this.fillMaxEnd(mid + 1, high))
    this.maxEnd[mid] = Math.max(this.items[mid].end, below)
    return this.maxEnd[mid]
  }

  /** Intervals with start ≤ offset < end, in start order. */
  at(offset: number): T[] {
    return this.overlapping(offset, offset + 1)
  }

  /** Intervals sharing at least one position with [start, end), in start order. */
  overlapping(start: number, end: number): T[] {
    const found: T[] = []
    this.collect(0, this.items.length - 1, start, end, found)
    return found
  }

  private collect(low: number, high: number, start: number, end: number, found: T[]): void {
    if (low > high) return
    const mid = (low + high) >>> 1
    // Nothing below ends after `start`: prune the whole subtree.
    if (this.maxEnd[mid] <= start) return
    this.collect(low, mid - 1, start, end, found)
    const item = this.items[mid]
    if (item.start >= end) return // this and everything to the right start too late
    if (item.end > start) found.push(item)
    this.collect(mid + 1, high, start, end, found)
  }
}
