// Codebook edits that reach into annotations: merging two indicators moves every annotation of the
// one onto the other, and deleting is refused while annotations still use the indicator.
import type { IndicatorSuggestion } from '../../shared/api'
import { mergeIndicators, upsertIndicators } from '../../shared/codebook'
import type { Annotation, Indicator } from '../../shared/model'
import { extractAttributes, indicatorNamedIn } from '../../shared/extract'
import { AppError } from './app-error'
import type { WorkspaceStore } from './workspace-store'

const SUGGESTED_LABELS = new Set(['target', 'achievement', 'commitment'])

export class CodebookService {
  constructor(private readonly store: WorkspaceStore) {}

  private find(key: string): Indicator {
    const indicator = this.store.indicators.find((known) => known.key === key)
    if (!indicator) throw new AppError('INDICATOR_NOT_FOUND', { key })
    return indicator
  }

  async merge(fromKey: string, intoKey: string): Promise<{ indicators: Indicator[]; moved: number }> {
    if (fromKey === intoKey) throw new AppError('INDICATOR_MERGE_SELF')
    const from = this.find(fromKey)
    this.find(intoKey)
    let moved = 0
    // Annotations first, one write per document: if a write fails midway the old indicator
    // still exists for the rest.
    for (const doc of this.store.documents) {
      if (!(await this.store.annotations(doc.id)).some((annotation) => annotation.attributes.indicator === fromKey)) continue
      const changed = await this.store.updateAnnotationsWhere(
        doc.id,
        (annotation) => annotation.attributes.indicator === fromKey,
        (current) => ({ attributes: { ...current.attributes, indicator: intoKey } }),
      )
      moved += changed.length
    }
    const indicators = await this.store.replaceIndicators((current) => mergeIndicators(current, from.key, intoKey))
    return { indicators, moved }
  }

  async delete(key: string): Promise<Indicator[]> {
    this.find(key)
    const count = (await this.store.allAnnotations()).filter((annotation) => annotation.attributes.indicator === key).length
    if (count > 0) throw new AppError('INDICATOR_IN_USE', { key, count })
    return this.store.replaceIndicators((current) => current.filter((indicator) => indicator.key !== key))
  }

  async import(indicators: Indicator[]): Promise<Indicator[]> {
    return this.store.replaceIndicators((current) => upsertIndicators(current, indicators))
  }

  /**
   * For annotations without an indicator (of any source: `annotationsOf` reads them): the one the
   * extraction engine finds for the span in its document (the quote alone when the document's
   * text is missing).
   */
  async suggestions(annotationsOf: (documentId: string) => Promise<readonly Annotation[]> = (documentId) => this.store.annotations(documentId)): Promise<IndicatorSuggestion[]> {
    const found: IndicatorSuggestion[] = []
    const codebook = this.store.indicators
    for (const doc of this.store.documents) {
      const annotations = (await annotationsOf(doc.id).catch(() => [])).filter(
        (annotation) => !annotation.attributes.indicator && SUGGESTED_LABELS.has(annotation.label) && annotation.status !== 'rejected',
      )
      if (annotations.length === 0) continue
      const text = this.store.isMissing(doc.id) ? null : await this.store.text(doc.id)
      for (const annotation of annotations) {
        const key = text !== null && text.slice(annotation.start, annotation.end) === annotation.quote
          ? extractAttributes({ text, start: annotation.start, end: annotation.end, label: annotation.label, document: doc.meta, indicators: codebook }).indicator
          : indicatorNamedIn(annotation.quote, codebook)?.key
        if (key) found.push({ annotation, indicator: key })
      }
    }
    return found
  }
}
