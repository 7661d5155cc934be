// Folding for matching: traditional → simplified script (OpenCC's dictionaries), full-width →
// half-width and compatibility forms (NFKC), so 技術合同成交額 matches 技术合同成交额.
// This folds without keeping offsets; search that must map hits back to the text needs an
// offset map on top.
import * as OpenCC from 'opencc-js/t2cn'

let converter: ((text: string) => string) | null = null

/** 繁→简 with OpenCC's Hong Kong/Taiwan-to-mainland dictionaries (built on first use). */
export function toSimplifiedScript(text: string): string {
  converter ??= OpenCC.Converter({ from: 'hk', to: 'cn' })
  return converter(text)
}

export function foldForMatching(text: string): string {
  return toSimplifiedScript(text.normalize('NFKC')).toLowerCase()
}
