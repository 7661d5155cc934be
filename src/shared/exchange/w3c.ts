// W3C Web Annotation (JSON-LD) export: one Annotation per span, targeting the document by its
// sha256 with a TextQuoteSelector and a TextPositionSelector counted in code points, as the
// Web Annotation Data Model requires.
import type { Indicator, Label } from '../model'
import { makeOffsetConverter } from '../offsets'
import { UUID_PATTERN, urnUuidFor, uuidV5 } from '../uuid'
import { lossList, type ExportLoss } from './common'
import type { ExportDocument } from './native'

/** An annotation's IRI: urn:uuid: around its UUID, or around the name-based UUID of any other id. */
export function w3cId(id: string): string {
  return urnUuidFor(id)
}

export function buildW3c(input: {
  documents: readonly ExportDocument[]
  labels: readonly Label[]
  indicators: readonly Indicator[]
  annotator: string
  title: string
}): { collection: unknown; losses: ExportLoss[] } {
  let links = 0
  let notAccepted = 0
  let renamed = 0
  let suggestions = 0
  const labelName = new Map(input.labels.map((label) => [label.key, label.name]))
  const items = input.documents.flatMap(({ record, text, annotations }) => {
    const offsets = makeOffsetConverter(text)
    return annotations.map((annotation) => {
      // The model has no place for links between annotations, nor for a status.
      links += annotation.links.length
      if (annotation.status !== 'accepted') notAccepted += 1
      // An id that is no UUID is carried only as the name its UUID is made from.
      if (!UUID_PATTERN.test(annotation.id) || annotation.id !== annotation.id.toLowerCase()) renamed += 1
      if (annotation.suggestion) suggestions += 1
      const body: unknown[] = [
        {
          type: 'TextualBody',
          purpose: 'tagging',
          value: annotation.label,
          ...(labelName.has(annotation.label) ? { label: labelName.get(annotation.label)!['zh-CN'] } : {}),
        },
      ]
      const { attributes } = annotation
      if (Object.keys(attributes).length > 0) {
        body.push({ type: 'TextualBody', purpose: 'describing', format: 'application/json', value: JSON.stringify(attributes) })
      }
      return {
        id: w3cId(annotation.id),
        type: 'Annotation',
        motivation: 'classifying',
        creator: { type: 'Person', name: annotation.author || input.annotator },
        created: annotation.createdAt,
        modified: annotation.updatedAt,
        body,
        target: {
          source: `urn:sha256:${record.sha256}`,
          selector: [
            { type: 'TextQuoteSelector', exact: annotation.quote, prefix: annotation.prefix, suffix: annotation.suffix },
            { type: 'TextPositionSelector', start: offsets.toCodePoint(annotation.start), end: offsets.toCodePoint(annotation.end) },
          ],
        },
      }
    })
  })
  // The same annotations give the same collection IRI, so exporting twice names one collection.
  const collectionId = `urn:uuid:${uuidV5(`collection\u0000${input.title}\u0000${items.map((item) => item.id).join('\u0000')}`)}`
  const pageId = `urn:uuid:${uuidV5(`page\u0000${collectionId}\u00000`)}`
  const collection = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: collectionId,
    type: 'AnnotationCollection',
    label: input.title,
    total: items.length,
    first: { id: pageId, type: 'AnnotationPage', partOf: { id: collectionId, label: input.title, total: items.length }, startIndex: 0, items },
    last: pageId,
  }
  const losses = lossList({ id: renamed, status: notAccepted, links, suggestion: suggestions })
  return { collection, losses }
}
