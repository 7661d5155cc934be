// npm run eval: the suggestion engine against the gold set, per label, for the documents the rules
// were tuned on and, separately, for the held-out ones (see tests/fixtures/gold/README.md).
import { extractAttributes } from '../../src/shared/extract'
import type { AnnotationAttributes } from '../../src/shared/model'
import { suggest, type Proposal } from '../../src/shared/suggest'
import { starterCodebook } from '../../src/shared/starter-codebook'
import { loadGold, type GoldDocument, type GoldLabel, type GoldSpan } from './gold'

const LABELS: GoldLabel[] = ['target', 'achievement', 'commitment']
const ATTRIBUTES = ['value', 'unit', 'comparator', 'periodYear'] as const

interface Tally {
  gold: number
  proposed: number
  exact: number
  overlap: number
  attributes: Record<(typeof ATTRIBUTES)[number] | 'all', number>
  judged: number
}

const emptyTally = (): Tally => ({
  gold: 0, proposed: 0, exact: 0, overlap: 0, judged: 0,
  attributes: { value: 0, unit: 0, comparator: 0, periodYear: 0, all: 0 },
})

const trimmed = (s: string) => s.replace(/^[\s，,、：:]+|[\s。；;，,]+$/g, '')

function sameValue(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b))
}

/** One-to-one matching, largest overlap first. */
export function matchSpans(gold: GoldSpan[], proposed: Proposal[]): Array<[GoldSpan, Proposal]> {
  const pairs: Array<{ g: number; p: number; overlap: number }> = []
  gold.forEach((g, gi) =>
    proposed.forEach((p, pi) => {
      const overlap = Math.min(g.end, p.end) - Math.max(g.start, p.start)
      if (overlap > 0) pairs.push({ g: gi, p: pi, overlap })
    }),
  )
  pairs.sort((a, b) => b.overlap - a.overlap)
  const usedG = new Set<number>()
  const usedP = new Set<number>()
  const matched: Array<[GoldSpan, Proposal]> = []
  for (const pair of pairs) {
    if (usedG.has(pair.g) || usedP.has(pair.p)) continue
    usedG.add(pair.g)
    usedP.add(pair.p)
    matched.push([gold[pair.g], proposed[pair.p]])
  }
  return matched
}

export function evaluate(documents: GoldDocument[], verbose = false): Record<GoldLabel, Tally> {
  const tallies = Object.fromEntries(LABELS.map((label) => [label, emptyTally()])) as Record<GoldLabel, Tally>
  for (const doc of documents) {
    const all = suggest({ text: doc.text, documentYear: doc.file.documentYear, docType: doc.file.docType, indicators: starterCodebook })
    const inScope = all.filter((p) => doc.ranges.some(([a, b]) => p.start >= a && p.end <= b))
    for (const label of LABELS) {
      const gold = doc.spans.filter((s) => s.label === label)
      const proposed = inScope.filter((p) => p.label === label)
      const tally = tallies[label]
      tally.gold += gold.length
      tally.proposed += proposed.length
      const matched = matchSpans(gold, proposed)
      tally.overlap += matched.length
      for (const [g, p] of matched) {
        if (trimmed(g.quote) === trimmed(p.quote)) tally.exact++
        if (label === 'commitment') continue
        tally.judged++
        const ok = {
          value: sameValue(p.attributes.value, g.value),
          unit: (p.attributes.unit ?? '') === (g.unit ?? ''),
          comparator: (p.attributes.comparator ?? '') === (g.comparator ?? ''),
          periodYear: p.attributes.periodYear === g.periodYear,
        }
        for (const key of ATTRIBUTES) if (ok[key]) tally.attributes[key]++
        if (ATTRIBUTES.every((key) => ok[key])) tally.attributes.all++
        else if (verbose) console.log(`  attr ${doc.name} ${label} gold=${JSON.stringify(g)} got=${JSON.stringify(p.attributes)}`)
      }
      if (verbose) {
        const hitG = new Set(matched.map(([g]) => g))
        const hitP = new Set(matched.map(([, p]) => p))
        for (const g of gold) if (!hitG.has(g)) console.log(`  miss ${doc.name} ${label}: ${g.quote}`)
        for (const p of proposed) if (!hitP.has(p)) console.log(`  extra ${doc.name} ${label} (${p.rule}): ${p.quote.slice(0, 50)}`)
      }
    }
  }
  return tallies
}

/** The analyst's path: each gold figure span tagged by hand, its attributes filled in by the reader. */
export function evaluatePrefill(documents: GoldDocument[], verbose = false): Record<'target' | 'achievement', { judged: number; attributes: Tally['attributes'] }> {
  const result = {
    target: { judged: 0, attributes: emptyTally().attributes },
    achievement: { judged: 0, attributes: emptyTally().attributes },
  }
  for (const doc of documents) {
    for (const g of doc.spans) {
      if (g.label === 'commitment') continue
      const p: AnnotationAttributes = extractAttributes({
        text: doc.text,
        start: g.start,
        end: g.end,
        label: g.label,
        document: { year: doc.file.documentYear, docType: doc.file.docType },
        indicators: starterCodebook,
      })
      const tally = result[g.label]
      tally.judged++
      const ok = {
        value: sameValue(p.value, g.value),
        unit: (p.unit ?? '') === (g.unit ?? ''),
        comparator: (p.comparator ?? '') === (g.comparator ?? ''),
        periodYear: p.periodYear === g.periodYear,
      }
      for (const key of ATTRIBUTES) if (ok[key]) tally.attributes[key]++
      if (ATTRIBUTES.every((key) => ok[key])) tally.attributes.all++
      else if (verbose) console.log(`  prefill ${doc.name} ${g.label} gold=${JSON.stringify(g)} got=${JSON.stringify(p)}`)
    }
  }
  return result
}

export function prefillTable(title: string, result: ReturnType<typeof evaluatePrefill>): string {
  const lines = [`\n${title}`, 'label        spans | value unit  cmp   year  all']
  for (const label of ['target', 'achievement'] as const) {
    const { judged, attributes } = result[label]
    const cell = (n: number) => f(ratio(n, judged)).padEnd(5)
    lines.push(
      `${label.padEnd(12)} ${String(judged).padStart(5)} | ${cell(attributes.value)} ${cell(attributes.unit)} ${cell(attributes.comparator)} ${cell(attributes.periodYear)} ${cell(attributes.all)}`,
    )
  }
  return lines.join('\n')
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '  - ')
const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b)
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r))

export function table(title: string, tallies: Record<GoldLabel, Tally>): string {
  const lines = [
    `\n${title}`,
    'label        gold  prop | exact P    R    F1  | overlap P    R    F1  | value unit  cmp   year  all',
  ]
  for (const label of LABELS) {
    const t = tallies[label]
    const ep = ratio(t.exact, t.proposed), er = ratio(t.exact, t.gold)
    const op = ratio(t.overlap, t.proposed), or = ratio(t.overlap, t.gold)
    const attr = (n: number) => (label === 'commitment' ? '  -  ' : f(ratio(n, t.judged)).padEnd(5))
    lines.push(
      `${label.padEnd(12)} ${String(t.gold).padStart(4)} ${String(t.proposed).padStart(5)} |` +
        `   ${f(ep)} ${f(er)} ${f(f1(ep, er))} |` +
        `     ${f(op)} ${f(or)} ${f(f1(op, or))} | ` +
        `${attr(t.attributes.value)} ${attr(t.attributes.unit)} ${attr(t.attributes.comparator)} ${attr(t.attributes.periodYear)} ${attr(t.attributes.all)}`,
    )
  }
  return lines.join('\n')
}

const isMain = import.meta.url === `file://${process.argv[1]}`
if (isMain) {
  const verbose = process.argv.includes('--verbose')
  const only = process.argv.find((arg) => arg.startsWith('--split='))?.slice('--split='.length)
  const gold = loadGold()
  for (const split of ['tune', 'heldout'] as const) {
    if (only && only !== split) continue
    const docs = gold.filter((doc) => doc.file.split === split)
    console.log(`\n== ${split === 'tune' ? 'Tuning documents' : 'Held-out documents (not used for tuning)'}: ${docs.map((d) => d.name).join(', ')}`)
    console.log(table('overlap = same label and overlapping span (one-to-one); exact = same span up to punctuation', evaluate(docs, verbose)))
    console.log(prefillTable('prefill = each gold figure span tagged in the reader: its attributes from the extraction engine', evaluatePrefill(docs, verbose)))
  }
}
