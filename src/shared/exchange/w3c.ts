// W3C Web Annotation (JSON-LD) export: one Annotation per span, targeting the document by its
// sha256 with a TextQuoteSelector and a TextPositionSelector counted in code points, as the
// Web Annotation Data Model requires.
import type { Indicator, Label } from '../model'
import { makeOffsetConverter } from '../offsets'
import type { ExportDocument } from './native'

export function buildW3c(input: {
  documents: readonly ExportDocument[]
  labels: readonly Label[]
  indicators: readonly Indicator[]
  annotator: string
  title: string
}): unknown {
  const labelName = new Map(input.labels.map((label) => [label.key, label.name]))
  const items = input.documents.flatMap(({ record, text, annotations }) => {
    const offsets = makeOffsetConverter(text)
    return annotations.map((annotation) => {
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
        id: `urn:uuid:${annotation.id}`,
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
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    label: input.title,
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  }
}
