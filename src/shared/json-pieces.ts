// A large JSON report printed in pieces: one string of the whole `compare --json` of a workspace
// of millions of annotations is longer than a JavaScript string may be. Joined with newlines, the
// pieces are exactly JSON.stringify(report, null, 2).

// A piece ends after about this many characters. Small pieces are garbage the young generation
// collects at once: 25 indicators of 27,000 figures each printed as one piece per indicator made
// strings of 20 MB and every figure's objects at once (the CLI peaked at 2.8–4.7 GB).
const CHARACTERS_PER_PIECE = 1 << 15
// A plain array longer than this is printed element by element, like a LazyList.
const STREAMED_LENGTH = 64
// Elements stringified together, at most.
const ELEMENTS_PER_RUN = 64

/**
 * A list whose elements are made when read: the report's indicators and each cell's figures, made
 * into JSON only when printed, so the whole report is never in memory at once.
 */
export class LazyList<T> implements Iterable<T> {
  constructor(
    readonly length: number,
    readonly at: (index: number) => T,
    /**
     * Its elements hold no list printed element by element, so they are stringified in runs without
     * being searched for one (searching each of 1.34 M figures took 0.4 s of `compare --json`).
     */
    readonly flat = false,
  ) {}

  *[Symbol.iterator](): Iterator<T> {
    for (let index = 0; index < this.length; index++) yield this.at(index)
  }

  map<U>(make: (element: T, index: number) => U): U[] {
    return Array.from({ length: this.length }, (_, index) => make(this.at(index), index))
  }

  toJSON(): T[] {
    return [...this]
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LazyList) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
}

/** Whether printing `value` goes element by element somewhere inside it. */
function streamed(value: unknown): boolean {
  // Most values searched are the fields of 670,000 unplaced figures: strings, numbers and nulls.
  if (typeof value !== 'object' || value === null) return false
  if (value instanceof LazyList) return true
  if (Array.isArray(value)) return value.length > STREAMED_LENGTH || value.some(streamed)
  if (isPlainObject(value)) {
    for (const key in value) if (Object.hasOwn(value, key) && streamed(value[key])) return true
  }
  return false
}

/** What JSON.stringify writes for an element of an array: null for what JSON cannot hold. */
function element(value: unknown): unknown {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? null : value
}

/**
 * The lines of `value` pretty-printed at `indent`, the first after `prefix` (a key), the last before
 * `suffix` (a comma); a yielded string is one or more whole lines.
 */
function* lines(value: unknown, indent: string, prefix: string, suffix: string): Generator<string> {
  if (!streamed(value)) {
    yield `${indent}${prefix}${JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`)}${suffix}`
    return
  }
  const inner = `${indent}  `
  if (value instanceof LazyList || Array.isArray(value)) {
    const list = value instanceof LazyList ? value : new LazyList(value.length, (index) => value[index] as unknown)
    const searched = !(value instanceof LazyList && value.flat)
    if (list.length === 0) {
      yield `${indent}${prefix}[]${suffix}`
      return
    }
    yield `${indent}${prefix}[`
    // Elements printed whole go to JSON.stringify a run at a time: its array of them, less the brackets,
    // is their lines, each two spaces in, joined by commas (one call per figure cost a third of the time).
    // A run grows while its text stays within a piece: elements of a few hundred characters go 64 at
    // a time, elements of a megabyte one at a time.
    let run: unknown[] = []
    let runLength = 1
    // Stringified inside as many arrays as the list is deep, the elements come out indented for their
    // place: cutting off the wrappers' lines copies nothing (indenting every line again did, twice).
    const depth = indent.length / 2 + 1
    let edge = 0
    for (let level = 0; level < depth; level++) edge += 2 * level + 2
    const flush = (last: boolean) => {
      let wrapped: unknown = run
      for (let level = 1; level < depth; level++) wrapped = [wrapped]
      const text = JSON.stringify(wrapped, null, 2)
      const elements = text.slice(edge, text.length - edge)
      runLength = Math.max(1, Math.min(ELEMENTS_PER_RUN, Math.floor((run.length * CHARACTERS_PER_PIECE) / elements.length)))
      run = []
      return last ? elements : `${elements},`
    }
    for (let at = 0; at < list.length; at++) {
      const item = element(list.at(at))
      const last = at === list.length - 1
      if (searched && streamed(item)) {
        if (run.length > 0) yield flush(false)
        yield* lines(item, inner, '', last ? '' : ',')
        continue
      }
      run.push(item)
      if (run.length >= runLength || last) yield flush(last)
    }
    yield `${indent}]${suffix}`
    return
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, field]) => field !== undefined && typeof field !== 'function' && typeof field !== 'symbol')
  if (entries.length === 0) {
    yield `${indent}${prefix}{}${suffix}`
    return
  }
  yield `${indent}${prefix}{`
  for (const [n, [key, field]] of entries.entries()) yield* lines(field, inner, `${JSON.stringify(key)}: `, n < entries.length - 1 ? ',' : '')
  yield `${indent}}${suffix}`
}

/** The pretty-printed JSON of an object in pieces of whole lines, lists (and LazyLists inside them) an element at a time. */
export function* prettyJsonPieces(report: Record<string, unknown>): Generator<string> {
  let piece: string[] = []
  let characters = 0
  // The report's own lists go element by element, however short: their elements may be long.
  const shaped = Object.fromEntries(Object.entries(report).map(([key, value]) => [key, Array.isArray(value) ? new LazyList(value.length, (index) => value[index] as unknown) : value]))
  for (const text of lines(shaped, '', '', '')) {
    piece.push(text)
    characters += text.length
    if (characters >= CHARACTERS_PER_PIECE) {
      yield piece.join('\n')
      piece = []
      characters = 0
    }
  }
  if (piece.length > 0) yield piece.join('\n')
}
