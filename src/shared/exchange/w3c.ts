// W3C Web Annotation (JSON-LD) export: one Annotation per span, targeting the document by its
// sha256 with a TextQuoteSelector and a TextPositionSelector counted in code points, as the
// Web Annotation Data Model requires.
import type { Indicator, Label } from '../model'
import { makeOffsetConverter } from '../offsets'
import type { ExportLoss } from './common'
import type { ExportDocument } from './native'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * urn:uuid: is only well formed around a UUID; other ids (from an imported file, say) get a
 * fragment IRI, which JSON-LD resolves against the document's own address.
 */
export function w3cId(id: string): string {
  return UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : `#annotation-${encodeURIComponent(id)}`
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
  const labelName = new Map(input.labels.map((label) => [label.key, label.name]))
  const items = input.documents.flatMap(({ record, text, annotations }) => {
    const offsets = makeOffsetConverter(text)
    return annotations.map((annotation) => {
      // The model has no place for links between annotations, nor for a status.
      links += annotation.links.length
      if (annotation.status !== 'accepted') notAccepted += 1
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
  const collection = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    label: input.title,
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  }
  const losses: ExportLoss[] = [
    { field: 'status', count: notAccepted },
    { field: 'links', count: links },
  ].filter((loss) => loss.count > 0)
  return { collection, losses }
}
