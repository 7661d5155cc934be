// One string object for values that repeat across annotations (and one empty link list). JSON.parse makes a new string for
// every occurrence: 200,000 annotations read from their files held 200,000 copies of the same
// document id, status, label, annotator and timestamps (a heap profile of the store bench showed
// the parsed strings as the largest part of its memory). Strings are immutable, so sharing them
// changes nothing but memory.

/** The vocabulary of a workspace (labels, statuses, annotators, indicators, units, comparators): small, kept. */
const MAX_VOCABULARY = 50_000

export class SharedStrings {
  private readonly known = new Map<string, string>()

  share(text: string): string
  share(text: string | undefined): string | undefined
  share(text: string | undefined): string | undefined {
    if (text === undefined) return undefined
    const known = this.known.get(text)
    if (known !== undefined) return known
    if (this.known.size < MAX_VOCABULARY) this.known.set(text, text)
    return text
  }
}

/** Most annotations link nowhere: one frozen empty list for all of them (frozen, so a push fails loudly). */
const NO_LINKS: never[] = Object.freeze([]) as unknown as never[]

interface Shareable {
  documentId: string
  links: unknown[]
  label: string
  status: string
  author: string
  createdAt: string
  updatedAt: string
  attributes: { indicator?: string; unit?: string; comparator?: string }
}

/**
 * Replaces repeated strings of freshly parsed annotations (not shared with anyone yet) in place:
 * the vocabulary through `shared`, the file's own document id, timestamps within the file, and
 * empty link lists.
 */
export function shareAnnotationStrings<A extends Shareable>(documentId: string, annotations: A[], shared: SharedStrings): A[] {
  const times = new Map<string, string>()
  const time = (stamp: string) => {
    const known = times.get(stamp)
    if (known !== undefined) return known
    times.set(stamp, stamp)
    return stamp
  }
  for (const annotation of annotations) {
    if (annotation.documentId === documentId) annotation.documentId = documentId
    annotation.label = shared.share(annotation.label)
    annotation.status = shared.share(annotation.status)
    annotation.author = shared.share(annotation.author)
    annotation.createdAt = time(annotation.createdAt)
    annotation.updatedAt = time(annotation.updatedAt)
    if (annotation.links.length === 0) annotation.links = NO_LINKS
    const { attributes } = annotation
    if (attributes.indicator !== undefined) attributes.indicator = shared.share(attributes.indicator)
    if (attributes.unit !== undefined) attributes.unit = shared.share(attributes.unit)
    if (attributes.comparator !== undefined) attributes.comparator = shared.share(attributes.comparator)
  }
  return annotations
}
