// Loads the gold set (tests/fixtures/gold/*.json) and resolves each quote to offsets in its document.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentType } from '../../src/shared/model'
import { gwrDir, projectRoot, seedsDir } from '../support/paths'

export const goldDir = join(projectRoot, 'tests/fixtures/gold')

export type GoldLabel = 'target' | 'achievement' | 'commitment'

/** [label, quote, value?, unit?, comparator?, periodYear?]: compact, so the files stay readable. */
export type GoldRow = [GoldLabel, string, number?, string?, string?, number?]

export interface GoldFile {
  /** seeds/<file> or gwr/<file> (tests/fixtures/corpus/gwr). */
  document: string
  documentYear: number
  docType: DocumentType
  split: 'tune' | 'heldout'
  /** 1-based inclusive line ranges annotated exhaustively; proposals elsewhere are not judged. */
  scope: Array<[number, number]>
  spans: GoldRow[]
}

export interface GoldSpan {
  label: GoldLabel
  start: number
  end: number
  quote: string
  value?: number
  unit?: string
  comparator?: string
  periodYear?: number
}

export interface GoldDocument {
  name: string
  file: GoldFile
  text: string
  /** Offset ranges of the scope. */
  ranges: Array<[number, number]>
  spans: GoldSpan[]
}

export function documentPath(document: string): string {
  const [dir, name] = document.split('/')
  return join(dir === 'gwr' ? gwrDir : seedsDir, name)
}

function lineRanges(text: string, scope: Array<[number, number]>): Array<[number, number]> {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return scope.map(([from, to]) => [starts[from - 1], to < starts.length ? starts[to] - 1 : text.length])
}

export function loadGold(): GoldDocument[] {
  return readdirSync(goldDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = JSON.parse(readFileSync(join(goldDir, name), 'utf8')) as GoldFile
      const text = readFileSync(documentPath(file.document), 'utf8')
      const ranges = lineRanges(text, file.scope)
      // Quotes are looked up in order, each after the previous one of the same label where possible,
      // so a figure repeated in two places is told apart by its position in the file.
      const cursor = new Map<string, number>()
      const spans = file.spans.map(([label, quote, value, unit, comparator, periodYear]) => {
        const inScope = (at: number) => ranges.some(([a, b]) => at >= a && at + quote.length <= b)
        let at = text.indexOf(quote, cursor.get(label) ?? 0)
        while (at >= 0 && !inScope(at)) at = text.indexOf(quote, at + 1)
        if (at < 0) {
          at = text.indexOf(quote)
          while (at >= 0 && !inScope(at)) at = text.indexOf(quote, at + 1)
        }
        if (at < 0) throw new Error(`${name}: quote not found in scope: ${quote}`)
        cursor.set(label, at + quote.length)
        return {
          label, start: at, end: at + quote.length, quote,
          ...(value !== undefined && value !== null ? { value } : {}),
          ...(unit ? { unit } : {}),
          ...(comparator ? { comparator } : {}),
          ...(periodYear ? { periodYear } : {}),
        }
      })
      return { name, file, text, ranges, spans }
    })
}
