// What agreement reads of a source (issue 13): per document, the label, offsets, indicator, value
// and year of each annotation it counts — exactly the columns the Annotations table's row index
// holds. The workspace's own source (its accepted annotations) is read from that index, and a
// teammate's layer from its own (source-layer-index.ts), so agreement over all documents no longer
// parses every annotation file whole; a source kept in one file is read whole, as it is anyway.
import type { AgreementSpan } from '../../../shared/agreement'
import type { Annotation } from '../../../shared/model'
import { WORKSPACE_SOURCE_ID } from '../../../shared/review'
import type { RowBlock, StringTable } from '../annotation-rows/row-block'
import { workspaceRowIndex } from '../annotation-rows/row-index'
import type { SourceStore } from '../sources'
import type { WorkspaceStore } from '../workspace-store'

/** A source's spans by document: only documents with at least one span are present, each in file order. */
export type SpansByDocument = ReadonlyMap<string, readonly AgreementSpan[]>

/** The spans of whole annotations: every one not rejected (a rejection is a proposal turned down, not a coding). */
export function spansOfAnnotations(annotations: readonly Annotation[]): SpansByDocument {
  const byDocument = new Map<string, AgreementSpan[]>()
  for (const annotation of annotations) {
    if (annotation.status === 'rejected') continue
    let spans = byDocument.get(annotation.documentId)
    if (!spans) byDocument.set(annotation.documentId, (spans = []))
    spans.push({
      label: annotation.label,
      start: annotation.start,
      end: annotation.end,
      // An empty indicator is none: the row index cannot tell the two apart, and neither should agreement.
      indicator: annotation.attributes.indicator || undefined,
      value: annotation.attributes.value,
      periodYear: annotation.attributes.periodYear,
    })
  }
  return byDocument
}

/**
 * The spans of indexed rows (accepted annotations only, which is all a workspace's own source or a
 * teammate's layer holds). The row block writes no indicator as code 0 (''), no value as NaN and
 * no year as 0 (years are 1900–2200): each reads back as absent, as in the annotation.
 */
export function spansOfBlocks(blocks: readonly RowBlock[], strings: StringTable): SpansByDocument {
  const byDocument = new Map<string, AgreementSpan[]>()
  const text = strings.strings
  for (const block of blocks) {
    if (block.count === 0) continue
    const spans = new Array<AgreementSpan>(block.count)
    for (let row = 0; row < block.count; row++) {
      const value = block.value[row]
      const periodYear = block.periodYear[row]
      spans[row] = {
        label: text[block.label[row]],
        start: block.start[row],
        end: block.end[row],
        indicator: block.indicator[row] === 0 ? undefined : text[block.indicator[row]],
        value: Number.isNaN(value) ? undefined : value,
        periodYear: periodYear === 0 ? undefined : periodYear,
      }
    }
    byDocument.set(block.documentId, spans)
  }
  return byDocument
}

/** What agreement reads of one source: from the row index where the source has one, else its annotations whole. */
export async function sourceSpans(store: WorkspaceStore, sources: SourceStore, sourceId: string): Promise<SpansByDocument> {
  if (sourceId === WORKSPACE_SOURCE_ID) {
    const index = workspaceRowIndex(store)
    await index.ensure()
    return spansOfBlocks(index.blocksInOrder(), index.strings)
  }
  // A teammate's layer (her accepted annotations, one file per document) has a row index of its own.
  const layered = await sources.layerIndexes(sourceId)
  if (layered) {
    await layered.rows.ensure()
    return spansOfBlocks(layered.rows.blocksInOrder(), layered.rows.strings)
  }
  return spansOfAnnotations(await sources.annotations(sourceId))
}
