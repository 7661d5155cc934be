// Agreement between annotation files without a workspace (CLI `agree`): documents are matched
// across files by their id (the first 16 hex digits of the text's sha256), sha256 or name, and
// offsets stay in the files' code points.
import { agreementReport, type AgreementReport, type AgreementSpan } from '../agreement'
import { codePointLength } from '../offsets'
import { ExchangeError, type ExchangeBundle } from './common'

/**
 * Agreement keeps a counter per character of each document, so a length taken from a file
 * (a CSV end, a native textLength) must not be allowed to ask for gigabytes: no policy text
 * comes near fifty million characters.
 */
export const MAX_AGREEMENT_TEXT_LENGTH = 50_000_000

function documentKey(bundle: ExchangeBundle, reference: string): string {
  const described = bundle.documents.find((doc) => doc.id === reference || doc.sha256 === reference || doc.fileName === reference)
  const hash = described?.sha256 ?? (/^[0-9a-f]{64}$/.test(reference) ? reference : undefined)
  if (hash) return hash.slice(0, 16)
  if (described?.id && /^[0-9a-f]{16}$/.test(described.id)) return described.id
  return described?.fileName || reference
}

/**
 * `lengthOf` gives a document's length in code points from a workspace (CLI `agree --ws`), by the
 * key documents are matched on (id, or the file name when no hash is known).
 */
export function agreementFromBundles(files: ReadonlyArray<{ name: string; bundle: ExchangeBundle }>, labels?: readonly string[], lengthOf?: (key: string) => number | undefined): AgreementReport {
  const perDocument = new Map<string, { length: number; spans: AgreementSpan[][] }>()
  files.forEach(({ bundle }, index) => {
    for (const entry of bundle.annotations) {
      if (entry.invalid || entry.start === undefined || entry.end === undefined || entry.status === 'rejected') continue
      const key = documentKey(bundle, entry.document)
      const doc = perDocument.get(key) ?? { length: 0, spans: files.map(() => []) }
      doc.spans[index].push({
        label: entry.label,
        start: entry.start,
        end: entry.end,
        indicator: entry.attributes.indicator,
        value: entry.attributes.value,
        periodYear: entry.attributes.periodYear,
      })
      // A CSV does not give the text's length: the document is then taken to end at the last
      // annotated character, which leaves out agreed "outside" characters (kappa comes out lower).
      // A file that carries the text settles the length; spans past it are cut by the report.
      const described = bundle.documents.find(
        (candidate) => candidate.id === entry.document || candidate.sha256 === entry.document || candidate.fileName === entry.document,
      )
      const known = lengthOf?.(key)
      const length = known ?? (described?.text !== undefined ? codePointLength(described.text) : Math.max(entry.end, described?.textLength ?? 0))
      if (length > MAX_AGREEMENT_TEXT_LENGTH) {
        throw new ExchangeError('AGREEMENT_TEXT_TOO_LONG', { document: key, length, limit: MAX_AGREEMENT_TEXT_LENGTH })
      }
      doc.length = known ?? Math.max(doc.length, length)
      perDocument.set(key, doc)
    }
  })
  const usedLabels = labels ?? [...new Set(files.flatMap(({ bundle }) => bundle.annotations.map((entry) => entry.label)))].sort()
  return agreementReport({
    sources: files.map(({ name }, index) => ({ id: String(index + 1), name })),
    labels: usedLabels,
    documents: [...perDocument].map(([id, doc]) => ({ id, textLength: doc.length, spans: doc.spans })),
  })
}
