// The attributes a new annotation starts with: figures, comparator and years parsed from the
// quote and its sentence, and an indicator whose alias appears there. The analyst corrects
// what is wrong; nothing that cannot be read from the text is filled in.
import { foldForMatching } from './fold'
import type { AnnotationAttributes, DocumentType, Indicator } from './model'
import { suggestAttributes } from './quantity'

export interface PrefillInput {
  quote: string
  sentence: string
  label: string
  documentYear: number | null
  docType: DocumentType
  indicators: readonly Indicator[]
}

/** Documents that look back at the year before they were issued (a 2019 summary of 2018). */
const retrospective: ReadonlySet<DocumentType> = new Set(['work-summary-and-plan', 'government-work-report'])

/** The codebook indicator whose longest alias (or name) occurs in the text, folded for script. */
export function guessIndicator(text: string, indicators: readonly Indicator[]): Indicator | null {
  const folded = foldForMatching(text)
  let best: { indicator: Indicator; length: number } | null = null
  for (const indicator of indicators) {
    for (const alias of [indicator.name, ...indicator.aliases]) {
      if (alias.length > (best?.length ?? 0) && folded.includes(foldForMatching(alias))) {
        best = { indicator, length: alias.length }
      }
    }
  }
  return best?.indicator ?? null
}

export function prefillAttributes(input: PrefillInput): AnnotationAttributes {
  const attributes: AnnotationAttributes = {
    ...suggestAttributes(input.quote, { documentYear: input.documentYear, context: input.sentence }),
  }
  if (
    attributes.periodYear === undefined &&
    input.label === 'achievement' &&
    input.documentYear !== null &&
    retrospective.has(input.docType)
  ) {
    attributes.periodYear = input.documentYear - 1
  }
  const indicator = guessIndicator(input.quote, input.indicators) ?? guessIndicator(input.sentence, input.indicators)
  if (indicator) {
    attributes.indicator = indicator.key
    if (attributes.unit === undefined && attributes.value !== undefined) attributes.unit = indicator.unit
  }
  return attributes
}
