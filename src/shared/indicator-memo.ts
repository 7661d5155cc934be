// The indicator codes the compare engine's computations over annotation arrays share (see
// figureColumnsForEngine in figure-columns.ts). Pure.

/**
 * The indicator codes of the engine's computations over annotation arrays, kept from one to the
 * next: the names and their codes, and for each place in the array the indicator string last seen
 * there and its code. A figure whose indicator is the very string seen at its place last time (the
 * same annotations computed again: the bench's 7 runs, each filter of the compare view) takes the
 * code remembered, with one comparison of two references; any other goes through the map and is
 * remembered. Correct whatever the caller did to its annotations in between (=== on strings is
 * equality of their text): nothing is trusted for the array being the same one. A look-up in a
 * map of 5,000 names per figure read each figure's indicator string, scattered over the heap, and
 * was half the adapter's time.
 */
export interface IndicatorMemo {
  names: string[]
  codes: Map<string, number>
  /** By place in the annotations: the indicator seen there (undefined: none, or no figure seen yet). */
  seenAt: Array<string | undefined>
  /** By place: the code of seenAt's indicator (-1 for none). */
  codeAt: Int32Array
}

/** Past this many names the memo starts again: distinct indicators of all the computations, bounded. */
const MEMO_MAX_NAMES = 1_000_000

let memoOfEngine: IndicatorMemo | null = null

export function indicatorMemo(capacity: number): IndicatorMemo {
  let memo = memoOfEngine
  if (!memo || memo.names.length > MEMO_MAX_NAMES) memo = memoOfEngine = { names: [], codes: new Map(), seenAt: [], codeAt: new Int32Array(0) }
  if (memo.codeAt.length < capacity) {
    const codeAt = new Int32Array(capacity).fill(-1)
    codeAt.set(memo.codeAt)
    memo.codeAt = codeAt
  }
  // Grown by push, so that the array stays a packed one (see columnsOf).
  while (memo.seenAt.length < capacity) memo.seenAt.push(undefined)
  return memo
}
