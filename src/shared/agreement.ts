// Inter-annotator agreement (issue 6): span F1, Cohen's and Fleiss' kappa at character level,
// Krippendorff's alpha (nominal) at character level, and agreement on the attributes of matched
// spans. Pure: the main process, the renderer and the CLI all compute the same figures.

/** A span as agreement sees it; offsets in any one unit (the app passes UTF-16). */
export interface AgreementSpan {
  label: string
  start: number
  end: number
  indicator?: string
  value?: number
  periodYear?: number
}

// ---- coefficients ----------------------------------------------------------------------

/**
 * Cohen's kappa from a square contingency table (rows: rater A, columns: rater B). Null when
 * chance agreement is total (both raters used one category only), where kappa is undefined.
 */
export function cohenKappa(table: readonly (readonly number[])[]): number | null {
  const k = table.length
  let total = 0
  let agreed = 0
  const rows = new Array<number>(k).fill(0)
  const columns = new Array<number>(k).fill(0)
  for (let i = 0; i < k; i++) {
    if (table[i].length !== k) throw new RangeError('the table must be square')
    for (let j = 0; j < k; j++) {
      total += table[i][j]
      rows[i] += table[i][j]
      columns[j] += table[i][j]
      if (i === j) agreed += table[i][j]
    }
  }
  if (total === 0) return null
  const observed = agreed / total
  let expected = 0
  for (let i = 0; i < k; i++) expected += (rows[i] / total) * (columns[i] / total)
  return expected === 1 ? null : (observed - expected) / (1 - expected)
}

/**
 * Fleiss' kappa: `counts[i][j]` is how many raters put subject i in category j; every subject
 * has the same number of raters. Null when undefined (everything in one category).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number | null {
  if (counts.length === 0) return null
  const raters = counts[0].reduce((sum, n) => sum + n, 0)
  return fleissFromWeightedRows(counts.map((row) => ({ row, weight: 1 })), raters)
}

/** Fleiss' kappa over distinct rows, each standing for `weight` identical subjects. */
function fleissFromWeightedRows(rows: ReadonlyArray<{ row: readonly number[]; weight: number }>, raters: number): number | null {
  if (raters < 2) throw new RangeError('Fleiss’ kappa needs at least two raters')
  const k = rows[0]?.row.length ?? 0
  const categoryTotals = new Array<number>(k).fill(0)
  let subjects = 0
  let agreementSum = 0
  for (const { row, weight } of rows) {
    if (row.reduce((sum, n) => sum + n, 0) !== raters) throw new RangeError('every subject needs the same number of raters')
    subjects += weight
    let pairs = 0
    row.forEach((n, j) => {
      categoryTotals[j] += n * weight
      pairs += n * (n - 1)
    })
    agreementSum += (weight * pairs) / (raters * (raters - 1))
  }
  if (subjects === 0) return null
  const observed = agreementSum / subjects
  const expected = categoryTotals.reduce((sum, total) => sum + (total / (subjects * raters)) ** 2, 0)
  return expected === 1 ? null : (observed - expected) / (1 - expected)
}

/**
 * Krippendorff's alpha for nominal data. `units[u]` holds the values the coders gave unit u;
 * missing values are left out (null/undefined). Units coded by fewer than two coders are not
 * pairable and do not count.
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): number | null {
  return alphaFromValueCounts(
    units.map((values) => {
      const counts = new Map<string, number>()
      for (const value of values) {
        if (value === null || value === undefined) continue
        counts.set(String(value), (counts.get(String(value)) ?? 0) + 1)
      }
      return { counts, weight: 1 }
    }),
  )
}

function alphaFromValueCounts(units: ReadonlyArray<{ counts: Map<string, number>; weight: number }>): number | null {
  // Coincidence matrix o_ck = Σ_u (pairs of c and k in u) / (m_u − 1); for nominal data only its
  // diagonal and margins matter: α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
  const margins = new Map<string, number>()
  let n = 0
  let disagreement = 0
  for (const { counts, weight } of units) {
    let m = 0
    for (const count of counts.values()) m += count
    if (m < 2) continue
    let same = 0
    for (const [value, count] of counts) {
      margins.set(value, (margins.get(value) ?? 0) + (weight * count))
      same += count * (count - 1)
    }
    n += weight * m
    disagreement += (weight * (m * (m - 1) - same)) / (m - 1)
  }
  if (n < 2) return null
  let expectedPairs = n * n
  for (const total of margins.values()) expectedPairs -= total * total
  if (expectedPairs === 0) return null
  return 1 - ((n - 1) * disagreement) / expectedPairs
}

// ---- spans -----------------------------------------------------------------------------

export type MatchMode = 'exact' | 'overlap'

function overlap(a: AgreementSpan, b: AgreementSpan): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start))
}

/**
 * One-to-one pairs of spans with the same label: identical offsets (exact), or overlapping by
 * at least one character (overlap). Overlap pairs are chosen greedily by largest shared length,
 * so one long span cannot be credited for several short ones.
 */
export function matchSpans(a: readonly AgreementSpan[], b: readonly AgreementSpan[], mode: MatchMode): Array<[number, number]> {
  const candidates: Array<{ i: number; j: number; shared: number }> = []
  a.forEach((left, i) => {
    b.forEach((right, j) => {
      if (left.label !== right.label) return
      if (mode === 'exact') {
        if (left.start === right.start && left.end === right.end) candidates.push({ i, j, shared: left.end - left.start })
      } else {
        const shared = overlap(left, right)
        if (shared > 0) candidates.push({ i, j, shared })
      }
    })
  })
  candidates.sort((x, y) => y.shared - x.shared || x.i - y.i || x.j - y.j)
  const usedA = new Set<number>()
  const usedB = new Set<number>()
  const pairs: Array<[number, number]> = []
  for (const { i, j } of candidates) {
    if (usedA.has(i) || usedB.has(j)) continue
    usedA.add(i)
    usedB.add(j)
    pairs.push([i, j])
  }
  return pairs.sort((x, y) => x[0] - y[0])
}

export interface F1Result {
  /** Spans of the first and second source. */
  a: number
  b: number
  matched: number
  /** Precision and recall take the first source as the reference; F1 is symmetric. Null when both are empty. */
  precision: number | null
  recall: number | null
  f1: number | null
}

export function f1FromCounts(a: number, b: number, matched: number): F1Result {
  return {
    a,
    b,
    matched,
    precision: b === 0 ? null : matched / b,
    recall: a === 0 ? null : matched / a,
    f1: a + b === 0 ? null : (2 * matched) / (a + b),
  }
}

export function spanF1(a: readonly AgreementSpan[], b: readonly AgreementSpan[], mode: MatchMode): F1Result {
  return f1FromCounts(a.length, b.length, matchSpans(a, b, mode).length)
}

// ---- character level -------------------------------------------------------------------

/** Per character, whether the source has a span of `label` covering it. */
function coverage(textLength: number, spans: readonly AgreementSpan[], label: string): Uint8Array {
  const delta = new Int32Array(textLength + 1)
  for (const span of spans) {
    if (span.label !== label) continue
    const start = Math.max(0, Math.min(textLength, span.start))
    const end = Math.max(start, Math.min(textLength, span.end))
    delta[start] += 1
    delta[end] -= 1
  }
  const covered = new Uint8Array(textLength)
  let depth = 0
  for (let i = 0; i < textLength; i++) {
    depth += delta[i]
    covered[i] = depth > 0 ? 1 : 0
  }
  return covered
}

export interface CharacterDocument {
  textLength: number
  /** One list per source, in the same order for every document. */
  spans: ReadonlyArray<readonly AgreementSpan[]>
}

export interface CharacterAgreement {
  label: string
  characters: number
  /** Cohen's kappa for two sources, Fleiss' kappa for more. */
  kappa: number | null
  method: 'cohen' | 'fleiss'
  /** Krippendorff's alpha (nominal), each character a unit coded in or out of the label. */
  alpha: number | null
  /** Share of characters on which every source says the same. */
  observed: number | null
}

/**
 * Each character of each document is a subject, coded "in label" or "not" by each source. The
 * distribution is summarised as how many characters `c` sources covered, so long texts cost
 * one pass per source.
 */
export function characterAgreement(documents: readonly CharacterDocument[], label: string, sourceCount?: number): CharacterAgreement {
  // No document every source annotated (found by the contract fuzz): nothing to measure, which is
  // not an error — the figures are empty and the report lists no documents.
  if (documents.length === 0) {
    return { label, characters: 0, kappa: null, method: (sourceCount ?? 2) === 2 ? 'cohen' : 'fleiss', alpha: null, observed: null }
  }
  const sources = documents[0].spans.length
  if (sources < 2) throw new RangeError('agreement needs at least two sources')
  // histogram[c]: characters covered by exactly c sources; joint: Cohen's 2×2 table.
  const histogram = new Array<number>(sources + 1).fill(0)
  const joint = [
    [0, 0],
    [0, 0],
  ]
  let characters = 0
  for (const doc of documents) {
    if (doc.spans.length !== sources) throw new RangeError('every document needs the same sources')
    const covers = doc.spans.map((spans) => coverage(doc.textLength, spans, label))
    for (let i = 0; i < doc.textLength; i++) {
      let c = 0
      for (const covered of covers) c += covered[i]
      histogram[c] += 1
      if (sources === 2) joint[covers[0][i]][covers[1][i]] += 1
    }
    characters += doc.textLength
  }
  const rows = histogram
    .map((weight, c) => ({ row: [c, sources - c], weight }))
    .filter((entry) => entry.weight > 0)
  const kappa = characters === 0 ? null : sources === 2 ? cohenKappa(joint) : fleissFromWeightedRows(rows, sources)
  const alpha = alphaFromValueCounts(
    rows.map(({ row, weight }) => ({
      counts: new Map([
        ['in', row[0]],
        ['out', row[1]],
      ].filter(([, count]) => (count as number) > 0) as Array<[string, number]>),
      weight,
    })),
  )
  const unanimous = histogram[0] + histogram[sources]
  return {
    label,
    characters,
    kappa,
    method: sources === 2 ? 'cohen' : 'fleiss',
    alpha,
    observed: characters === 0 ? null : unanimous / characters,
  }
}

// ---- attributes ------------------------------------------------------------------------

export const comparedAttributes = ['indicator', 'value', 'periodYear'] as const
export type ComparedAttribute = (typeof comparedAttributes)[number]

export interface AttributeAgreement {
  attribute: ComparedAttribute
  /** Matched pairs where at least one side set the attribute. */
  compared: number
  agreed: number
  rate: number | null
}

/** Agreement on the attributes of matched span pairs; a value set on one side only is a disagreement. */
export function attributeAgreement(pairs: ReadonlyArray<[AgreementSpan, AgreementSpan]>): AttributeAgreement[] {
  return comparedAttributes.map((attribute) => {
    let compared = 0
    let agreed = 0
    for (const [left, right] of pairs) {
      const x = left[attribute]
      const y = right[attribute]
      if (x === undefined && y === undefined) continue
      compared += 1
      if (x === y) agreed += 1
    }
    return { attribute, compared, agreed, rate: compared === 0 ? null : agreed / compared }
  })
}

// ---- the report ------------------------------------------------------------------------

export interface AgreementInput {
  sources: ReadonlyArray<{ id: string; name: string }>
  labels: readonly string[]
  documents: ReadonlyArray<CharacterDocument & { id: string }>
}

export interface PairLabelAgreement {
  label: string
  exact: F1Result
  overlap: F1Result
  kappa: number | null
}

export interface PairAgreement {
  a: string
  b: string
  labels: PairLabelAgreement[]
  exact: F1Result
  overlap: F1Result
  attributes: AttributeAgreement[]
}

export interface AgreementReport {
  sources: Array<{ id: string; name: string; spans: number }>
  documents: number
  /** Which documents were counted, when a workspace chose them (every chosen source annotated each). */
  documentIds?: string[]
  /** All sources together, per label. */
  labels: CharacterAgreement[]
  /** Every pair of sources: span F1 per label and micro-averaged over labels, kappa per label. */
  pairs: PairAgreement[]
}

export function agreementReport(input: AgreementInput): AgreementReport {
  const { sources, labels, documents } = input
  const pairs: PairAgreement[] = []
  for (let x = 0; x < sources.length; x++) {
    for (let y = x + 1; y < sources.length; y++) {
      const perLabel: PairLabelAgreement[] = []
      const matchedPairs: Array<[AgreementSpan, AgreementSpan]> = []
      const totals = { a: 0, b: 0, exact: 0, overlap: 0 }
      for (const label of labels) {
        let a = 0
        let b = 0
        let exact = 0
        let overlapping = 0
        for (const doc of documents) {
          const left = doc.spans[x].filter((span) => span.label === label)
          const right = doc.spans[y].filter((span) => span.label === label)
          a += left.length
          b += right.length
          exact += matchSpans(left, right, 'exact').length
          const matched = matchSpans(left, right, 'overlap')
          overlapping += matched.length
          for (const [i, j] of matched) matchedPairs.push([left[i], right[j]])
        }
        const pairDocs = documents.map((doc) => ({ textLength: doc.textLength, spans: [doc.spans[x], doc.spans[y]] }))
        perLabel.push({
          label,
          exact: f1FromCounts(a, b, exact),
          overlap: f1FromCounts(a, b, overlapping),
          kappa: characterAgreement(pairDocs, label, 2).kappa,
        })
        totals.a += a
        totals.b += b
        totals.exact += exact
        totals.overlap += overlapping
      }
      pairs.push({
        a: sources[x].id,
        b: sources[y].id,
        labels: perLabel,
        exact: f1FromCounts(totals.a, totals.b, totals.exact),
        overlap: f1FromCounts(totals.a, totals.b, totals.overlap),
        attributes: attributeAgreement(matchedPairs),
      })
    }
  }
  return {
    sources: sources.map((source, index) => ({
      ...source,
      spans: documents.reduce((sum, doc) => sum + doc.spans[index].filter((span) => labels.includes(span.label)).length, 0),
    })),
    documents: documents.length,
    labels: sources.length < 2 ? [] : labels.map((label) => characterAgreement(documents, label, sources.length)),
    pairs,
  }
}

function figure(value: number | null): string {
  return value === null ? '' : value.toFixed(4)
}

/** The report as CSV rows (header first): one row per pair × label, plus the all-source rows. */
export function agreementCsvRows(report: AgreementReport): string[][] {
  const name = (id: string) => report.sources.find((source) => source.id === id)?.name ?? id
  const rows: string[][] = [
    ['scope', 'source_a', 'source_b', 'label', 'spans_a', 'spans_b', 'exact_matched', 'exact_f1', 'overlap_matched', 'overlap_f1', 'kappa', 'kappa_method', 'alpha'],
  ]
  for (const pair of report.pairs) {
    for (const entry of pair.labels) {
      rows.push(['pair', name(pair.a), name(pair.b), entry.label, String(entry.exact.a), String(entry.exact.b), String(entry.exact.matched), figure(entry.exact.f1), String(entry.overlap.matched), figure(entry.overlap.f1), figure(entry.kappa), 'cohen', ''])
    }
    rows.push(['pair', name(pair.a), name(pair.b), '*', String(pair.exact.a), String(pair.exact.b), String(pair.exact.matched), figure(pair.exact.f1), String(pair.overlap.matched), figure(pair.overlap.f1), '', '', ''])
  }
  for (const entry of report.labels) {
    rows.push(['all', '', '', entry.label, '', '', '', '', '', '', figure(entry.kappa), entry.method, figure(entry.alpha)])
  }
  return rows
}
