// The link picker's search (annotations.search) from the Annotations table's row index (issue 13):
// an annotation matches when its quote, indicator or document title, script-folded and joined by
// spaces, contains the folded query. It used to read every annotation file of the workspace into
// memory and keep them (200,000 annotations: the store bench's peak). Now the accepted
// annotations are matched on the row index's columns, and only the documents holding a match are
// read, to answer with whole annotations. The row index leaves out proposals and rejected
// annotations, which the link picker has always found too: a document holding any (the
// workspace's counts know which, see own-counts.ts) is matched on its annotation file instead.
import type { Annotation } from '../../../shared/model'
import { foldForMatching } from '../../../shared/fold'
import { ownCounts } from '../own-counts'
import type { WorkspaceStore } from '../workspace-store'
import { idOf, quoteOf, type RowBlock } from './row-block'
import type { RowIndex } from './row-index'

/** A block's quotes folded, one after another, with the end of each row's: folded once per block, as folding costs ~5 µs a quote. */
interface FoldedQuotes {
  text: string
  ends: Uint32Array
}

/**
 * The three parts an annotation is matched on, folded. Folding works character by character at a
 * space (NFKC composes nothing with a space, no dictionary phrase holds one), so folding the
 * joined text is joining the folded parts; a query without a space lies inside one part.
 */
function partsMatch(wanted: string, quote: string, indicator: string, title: string): boolean {
  if (wanted.includes(' ')) return `${quote} ${indicator} ${title}`.includes(wanted)
  return quote.includes(wanted) || indicator.includes(wanted) || title.includes(wanted)
}

export class AnnotationSearch {
  private readonly foldedQuotes = new WeakMap<RowBlock, FoldedQuotes>()
  /** Annotations are replaced, never mutated, on change, so their folded quote can be kept by identity. */
  private readonly foldedQuote = new WeakMap<Annotation, string>()
  /** Indicator keys and titles: few, and they repeat. */
  private readonly foldedShort = new Map<string, string>()

  constructor(
    private readonly store: WorkspaceStore,
    private readonly index: RowIndex,
  ) {}

  private foldShort(text: string): string {
    let folded = this.foldedShort.get(text)
    if (folded === undefined) {
      if (this.foldedShort.size >= 50_000) this.foldedShort.clear()
      folded = foldForMatching(text)
      this.foldedShort.set(text, folded)
    }
    return folded
  }

  private quotesOf(block: RowBlock): FoldedQuotes {
    let folded = this.foldedQuotes.get(block)
    if (!folded) {
      const parts: string[] = []
      const ends = new Uint32Array(block.count)
      let length = 0
      for (let row = 0; row < block.count; row++) {
        const part = foldForMatching(quoteOf(block, row))
        parts.push(part)
        length += part.length
        ends[row] = length
      }
      folded = { text: parts.join(''), ends }
      this.foldedQuotes.set(block, folded)
    }
    return folded
  }

  /** Annotations matching `query`, in the workspace's document order and each file's order, at most `limit`. */
  async search(query: string, limit: number, excludeId?: string): Promise<Annotation[]> {
    const wanted = foldForMatching(query.trim())
    if (wanted === '') return []
    const counts = ownCounts(this.store)
    const found: Annotation[] = []
    for (const doc of this.store.documents) {
      if (found.length >= limit) break
      const title = this.foldShort(doc.title)
      // Read in order, one document at a time: reading ahead held more in flight and was no faster (each new row file is written durably).
      const block = await this.index.blockOf(doc.id)
      if (!block || (await counts.holdsUnaccepted(doc.id))) {
        // Read whole: an unreadable file fails the search with its own message, as it always has.
        for (const annotation of await this.store.annotations(doc.id)) {
          if (found.length >= limit) break
          if (annotation.id !== excludeId && partsMatch(wanted, this.foldAnnotationQuote(annotation), this.foldShort(annotation.attributes.indicator ?? ''), title)) found.push(annotation)
        }
        continue
      }
      const ids = this.matchingRows(block, wanted, title, limit - found.length, excludeId)
      if (ids.length === 0) continue
      // The file as it is now: a row saved away since the index was read is simply not found.
      const byId = new Map((await this.store.annotations(doc.id)).map((annotation) => [annotation.id, annotation]))
      for (const id of ids) {
        const annotation = byId.get(id)
        if (annotation) found.push(annotation)
      }
    }
    return found
  }

  private foldAnnotationQuote(annotation: Annotation): string {
    let folded = this.foldedQuote.get(annotation)
    if (folded === undefined) {
      folded = foldForMatching(annotation.quote)
      this.foldedQuote.set(annotation, folded)
    }
    return folded
  }

  /** The ids of the block's matching rows, in file order, at most `limit`. */
  private matchingRows(block: RowBlock, wanted: string, title: string, limit: number, excludeId?: string): string[] {
    const quotes = this.quotesOf(block)
    const strings = this.index.strings.strings
    const ids: string[] = []
    const indicatorMatches = new Map<number, boolean>()
    for (let row = 0; row < block.count && ids.length < limit; row++) {
      const quote = quotes.text.slice(row === 0 ? 0 : quotes.ends[row - 1], quotes.ends[row])
      const code = block.indicator[row]
      let matches: boolean
      if (wanted.includes(' ')) matches = partsMatch(wanted, quote, this.foldShort(strings[code]), title)
      else {
        let indicator = indicatorMatches.get(code)
        if (indicator === undefined) indicatorMatches.set(code, (indicator = this.foldShort(strings[code]).includes(wanted)))
        matches = indicator || title.includes(wanted) || quote.includes(wanted)
      }
      if (!matches) continue
      const id = idOf(block, row)
      if (id !== excludeId) ids.push(id)
    }
    return ids
  }
}
