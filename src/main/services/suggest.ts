// Runs the suggestion engine on a stored document: what the reader's Suggest button and the CLI's
// `suggest` share. Proposals that overlap an annotation of the same label — accepted, already
// proposed, or rejected — are left out, so running it again never brings back a rejection.
import type { Annotation } from '../../shared/model'
import type { OffsetConverter } from '../../shared/offsets'
import { suggest, withoutKnown, type Proposal } from '../../shared/suggest'
import type { WorkspaceStore } from './workspace-store'

/** One proposal in the shape of DESIGN §9. */
export interface SuggestionJson {
  label: string
  start: number
  end: number
  quote: string
  indicator: string | null
  value: number | null
  unit: string | null
  comparator: string | null
  periodYear: number | null
  confidence: number
}

export interface DocumentSuggestions {
  documentId: string
  text: string
  proposals: Proposal[]
  /** The annotations written, when applied. */
  added: Annotation[]
}

/** Offsets in code points, as every format that leaves the app (DESIGN §6). */
export function suggestionJson(proposal: Proposal, offsets: OffsetConverter): SuggestionJson {
  const { attributes } = proposal
  return {
    label: proposal.label,
    start: offsets.toCodePoint(proposal.start),
    end: offsets.toCodePoint(proposal.end),
    quote: proposal.quote,
    indicator: attributes.indicator ?? null,
    value: attributes.value ?? null,
    unit: attributes.unit ?? null,
    comparator: attributes.comparator ?? null,
    periodYear: attributes.periodYear ?? null,
    confidence: proposal.confidence,
  }
}

export async function suggestForDocument(store: WorkspaceStore, documentId: string, apply: boolean): Promise<DocumentSuggestions> {
  const doc = store.document(documentId)
  const text = await store.text(documentId)
  const labels = new Set(store.labels.map((label) => label.key))
  const found = suggest({ text, documentYear: doc.meta.year, docType: doc.meta.docType, indicators: store.indicators }).filter((proposal) =>
    labels.has(proposal.label),
  )
  if (!apply) return { documentId, text, proposals: withoutKnown(found, await store.annotations(documentId)), added: [] }
  let proposals: Proposal[] = []
  const added = await store.addSuggestions(documentId, (known) => {
    proposals = withoutKnown(found, known)
    return proposals.map((proposal) => ({
      label: proposal.label,
      start: proposal.start,
      end: proposal.end,
      attributes: proposal.attributes,
      suggestion: { confidence: proposal.confidence, rule: proposal.rule },
    }))
  })
  return { documentId, text, proposals, added }
}
