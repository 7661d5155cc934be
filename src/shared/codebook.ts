// Codebook edits as pure functions: the store applies them in one write, the UI previews them.
import { z } from 'zod'
import { IndicatorSchema, type Indicator } from './model'

/** `into` gains `from`'s name and aliases (so alias suggestions keep finding it); `from` goes. */
export function mergeIndicators(codebook: readonly Indicator[], fromKey: string, intoKey: string): Indicator[] {
  const from = codebook.find((indicator) => indicator.key === fromKey)
  if (!from || fromKey === intoKey) return [...codebook]
  return codebook
    .filter((indicator) => indicator.key !== fromKey)
    .map((indicator) => {
      if (indicator.key !== intoKey) return indicator
      const aliases = [...indicator.aliases]
      for (const alias of [from.name, ...from.aliases]) {
        if (alias !== indicator.name && !aliases.includes(alias)) aliases.push(alias)
      }
      return { ...indicator, aliases }
    })
}

/** Adds new keys at the end and replaces known ones in place. */
export function upsertIndicators(codebook: readonly Indicator[], incoming: readonly Indicator[]): Indicator[] {
  const next = [...codebook]
  for (const indicator of incoming) {
    const at = next.findIndex((known) => known.key === indicator.key)
    if (at >= 0) next[at] = indicator
    else next.push(indicator)
  }
  return next
}

/** What the codebook's export writes and its import reads. */
export const CodebookFileSchema = z.object({
  format: z.literal('policy-workbench-codebook'),
  version: z.literal(1),
  indicators: z.array(IndicatorSchema),
})
export type CodebookFile = z.infer<typeof CodebookFileSchema>

export function codebookFile(indicators: readonly Indicator[]): CodebookFile {
  return { format: 'policy-workbench-codebook', version: 1, indicators: [...indicators] }
}

/**
 * Reads an exported codebook, or a bare array of indicators; null when the text is neither.
 * Aliases are trimmed and deduplicated so a hand-edited file cannot add empty aliases.
 */
export function parseCodebookFile(text: string): Indicator[] | null {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return null
  }
  const parsed = Array.isArray(data) ? z.array(IndicatorSchema).safeParse(data) : CodebookFileSchema.safeParse(data)
  if (!parsed.success) return null
  const indicators = Array.isArray(parsed.data) ? parsed.data : parsed.data.indicators
  return indicators.map((indicator) => ({
    ...indicator,
    aliases: [...new Set(indicator.aliases.map((alias) => alias.trim()).filter((alias) => alias !== ''))],
  }))
}
