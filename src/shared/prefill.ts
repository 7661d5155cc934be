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

/** Folded aliases per codebook (codebooks are replaced, not mutated, when edited). */
const foldedAliases = new WeakMap<readonly Indicator[], Array<{ indicator: Indicator; alias: string }>>()

function aliasesOf(indicators: readonly Indicator[]) {
  let aliases = foldedAliases.get(indicators)
  if (!aliases) {
    aliases = indicators.flatMap((indicator) =>
      [indicator.name, ...indicator.aliases].map((alias) => ({ indicator, alias: foldForMatching(alias) })),
    )
    foldedAliases.set(indicators, aliases)
  }
  return aliases
}

/** The codebook indicator whose longest alias (or name) occurs in the text, folded for script. */
export function guessIndicator(text: string, indicators: readonly Indicator[]): Indicator | null {
  const folded = foldForMatching(text)
  let best: { indicator: Indicator; length: number } | null = null
  for (const { indicator, alias } of aliasesOf(indicators)) {
    if (alias.length > (best?.length ?? 0) && folded.includes(alias)) best = { indicator, length: alias.length }
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
