// A large JSON report printed in pieces: one string of the whole `compare --json` of a workspace
// of millions of annotations is longer than a JavaScript string may be. Joined with newlines, the
// pieces are exactly JSON.stringify(report, null, 2).

const ELEMENTS_PER_PIECE = 1000
// A piece also ends past a million characters: 25 indicators of 27,000 figures each were one piece
// of 400 MB, made with every one of their figures' objects at once (the CLI peaked at 4.7 GB).
const CHARACTERS_PER_PIECE = 1 << 20

/**
 * A list whose elements are made when read: the report's indicators, each one's figures made
 * into JSON only when printed, so the whole report is never in memory at once.
 */
export class LazyList<T> implements Iterable<T> {
  constructor(
    readonly length: number,
    readonly at: (index: number) => T,
  ) {}

  *[Symbol.iterator](): Iterator<T> {
    for (let index = 0; index < this.length; index++) yield this.at(index)
  }

  toJSON(): T[] {
    return [...this]
  }
}

function indented(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`)
}

/** The pretty-printed JSON of an object, its array properties an element (or a thousand) at a time. */
export function* prettyJsonPieces(report: Record<string, unknown>): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined && typeof value !== 'function')
  if (entries.length === 0) {
    yield '{}'
    return
  }
  yield '{'
  for (const [n, [key, value]] of entries.entries()) {
    const comma = n < entries.length - 1 ? ',' : ''
    const list = value instanceof LazyList ? value : Array.isArray(value) ? new LazyList(value.length, (index) => value[index] as unknown) : null
    if (!list || list.length === 0) {
      yield `  ${JSON.stringify(key)}: ${indented(value, '  ')}${comma}`
      continue
    }
    yield `  ${JSON.stringify(key)}: [`
    let lines: string[] = []
    let characters = 0
    for (let at = 0; at < list.length; at++) {
      // An element JSON cannot hold (undefined, a function) is written as null, as JSON.stringify does.
      const read = list.at(at)
      const element = read === undefined || typeof read === 'function' ? null : read
      const line = `    ${indented(element, '    ')}${at < list.length - 1 ? ',' : ''}`
      lines.push(line)
      characters += line.length
      if (lines.length === ELEMENTS_PER_PIECE || characters >= CHARACTERS_PER_PIECE) {
        yield lines.join('\n')
        lines = []
        characters = 0
      }
    }
    if (lines.length > 0) yield lines.join('\n')
    yield `  ]${comma}`
  }
  yield '}'
}
