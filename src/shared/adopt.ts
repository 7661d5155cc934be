// Adopting a source into the workspace's own annotations (采纳到工作区, DESIGN §12): which of
// the source's annotations are new, identical to one of the workspace's own, or in conflict
// with one, and — once the user has chosen for each conflict — what to create and what to
// remove, per document. Pure: the app, the CLI and the tests all decide it here.
import { IntervalIndex } from './interval-index'
import type { Annotation, AnnotationAttributes, AnnotationLink } from './model'

export type AdoptKind = 'new' | 'identical' | 'conflict'
export const conflictChoices = ['keep-mine', 'take-theirs', 'keep-both'] as const
export type ConflictChoice = (typeof conflictChoices)[number]

export interface AdoptItem {
  kind: AdoptKind
  /** The source's annotation, as the source holds it (never changed by adopting). */
  incoming: Annotation
  /** identical: the workspace's annotation it equals; conflict: every one of the workspace's it overlaps. */
  mine: Annotation[]
}

export interface AdoptCounts {
  new: number
  identical: number
  conflict: number
}

export interface AdoptDocumentPlan {
  documentId: string
  items: AdoptItem[]
  counts: AdoptCounts
}

export interface AdoptPlan {
  documents: AdoptDocumentPlan[]
  counts: AdoptCounts
}

/** What an adoption did, as the CLI prints it. */
export interface AdoptSummary {
  /** Annotations created in the workspace (new ones, and conflicts resolved take-theirs or keep-both). */
  added: number
  identical: number
  conflicts: number
  /** Conflicts resolved keep-mine: the source's annotation was not adopted. */
  kept: number
  /** Conflicts resolved take-theirs: the workspace's overlapping annotations were replaced. */
  replaced: number
}

export interface AdoptChange {
  documentId: string
  create: Annotation[]
  remove: Annotation[]
}

export interface AdoptResult {
  changes: AdoptChange[]
  summary: AdoptSummary
}

function canonicalAttributes(attributes: AnnotationAttributes): string {
  const entries = Object.entries(attributes).filter(([, value]) => value !== undefined && value !== '')
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify(entries)
}

/** Same span, label and attributes (attribute order and unset fields do not matter). */
export function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return a.start === b.start && a.end === b.end && a.label === b.label && canonicalAttributes(a.attributes) === canonicalAttributes(b.attributes)
}

function countsOf(items: readonly AdoptItem[]): AdoptCounts {
  const counts: AdoptCounts = { new: 0, identical: 0, conflict: 0 }
  for (const item of items) counts[item.kind]++
  return counts
}

/**
 * Sorts each accepted annotation of the source into new, identical (the workspace has one with
 * the same span, label and attributes) or conflict (it overlaps one of the workspace's own that
 * differs in label, attributes or span). Only accepted annotations on either side count:
 * proposals of the suggestion engine and rejected ones are nobody's decision.
 */
export function planAdoption(own: readonly Annotation[], incoming: readonly Annotation[]): AdoptPlan {
  const ownByDocument = new Map<string, Annotation[]>()
  for (const annotation of own) {
    if (annotation.status !== 'accepted') continue
    const list = ownByDocument.get(annotation.documentId) ?? []
    list.push(annotation)
    ownByDocument.set(annotation.documentId, list)
  }
  // One interval index per document: a source as large as the workspace is planned without
  // comparing every pair of annotations.
  const indexes = new Map<string, IntervalIndex<Annotation>>()
  const canonical = new Map<Annotation, string>()
  const attributesOf = (annotation: Annotation) => {
    let text = canonical.get(annotation)
    if (text === undefined) canonical.set(annotation, (text = canonicalAttributes(annotation.attributes)))
    return text
  }
  const byDocument = new Map<string, AdoptItem[]>()
  for (const annotation of incoming) {
    if (annotation.status !== 'accepted') continue
    let index = indexes.get(annotation.documentId)
    if (!index) indexes.set(annotation.documentId, (index = new IntervalIndex(ownByDocument.get(annotation.documentId) ?? [])))
    const near = index.overlapping(annotation.start, annotation.end)
    const same = near.find(
      (candidate) =>
        candidate.start === annotation.start && candidate.end === annotation.end && candidate.label === annotation.label && attributesOf(candidate) === attributesOf(annotation),
    )
    const overlapping = same ? [] : near
    const item: AdoptItem = same
      ? { kind: 'identical', incoming: annotation, mine: [same] }
      : overlapping.length > 0
        ? { kind: 'conflict', incoming: annotation, mine: overlapping }
        : { kind: 'new', incoming: annotation, mine: [] }
    const list = byDocument.get(annotation.documentId) ?? []
    list.push(item)
    byDocument.set(annotation.documentId, list)
  }
  const documents = [...byDocument].map(([documentId, items]) => {
    items.sort((a, b) => a.incoming.start - b.incoming.start || a.incoming.end - b.incoming.end || a.incoming.label.localeCompare(b.incoming.label))
    return { documentId, items, counts: countsOf(items) }
  })
  return { documents, counts: countsOf(documents.flatMap((doc) => doc.items)) }
}

export interface AdoptChoices {
  /** For every conflict without a choice of its own. */
  defaultChoice: ConflictChoice
  /** By the source annotation's id. */
  choices?: Readonly<Record<string, ConflictChoice>>
}

export interface AdoptContext {
  newId: () => string
  now: string
  author: string
  /** Ids of the workspace's own annotations, in every document: links to them are kept. */
  ownIds: ReadonlySet<string>
}

export function choiceFor(item: AdoptItem, choices: AdoptChoices): ConflictChoice {
  return choices.choices?.[item.incoming.id] ?? choices.defaultChoice
}

/**
 * The creates and removals an adoption makes, per document. Adopted annotations get new ids
 * (adopting twice with keep-both, or ids the workspace already uses, must not collide); links
 * between them follow the new ids, a link to an annotation the workspace already holds
 * (identical or kept) points at the workspace's, and a link to one that ends up nowhere in the
 * workspace is left out.
 */
export function resolveAdoption(plan: AdoptPlan, choices: AdoptChoices, context: AdoptContext): AdoptResult {
  const summary: AdoptSummary = { added: 0, identical: plan.counts.identical, conflicts: plan.counts.conflict, kept: 0, replaced: 0 }
  // Where each source annotation ends up in the workspace, by its id.
  const landing = new Map<string, { id: string; documentId: string }>()
  const removedIds = new Set<string>()
  const drafts: Array<{ documentId: string; create: Annotation[]; remove: Annotation[] }> = []
  for (const doc of plan.documents) {
    const create: Annotation[] = []
    const remove: Annotation[] = []
    for (const item of doc.items) {
      const choice = item.kind === 'conflict' ? choiceFor(item, choices) : null
      if (item.kind === 'identical' || choice === 'keep-mine') {
        landing.set(item.incoming.id, { id: item.mine[0].id, documentId: item.mine[0].documentId })
        if (choice === 'keep-mine') summary.kept++
        continue
      }
      const adopted: Annotation = {
        ...item.incoming,
        id: context.newId(),
        status: 'accepted',
        author: item.incoming.author || context.author,
        createdAt: context.now,
        updatedAt: context.now,
      }
      create.push(adopted)
      landing.set(item.incoming.id, { id: adopted.id, documentId: adopted.documentId })
      summary.added++
      if (choice === 'take-theirs') {
        summary.replaced++
        for (const mine of item.mine) {
          if (removedIds.has(mine.id)) continue
          removedIds.add(mine.id)
          remove.push(mine)
        }
      }
    }
    drafts.push({ documentId: doc.documentId, create, remove })
  }
  const remap = (link: AnnotationLink): AnnotationLink | null => {
    const landed = landing.get(link.annotationId)
    if (landed) return removedIds.has(landed.id) ? null : { ...link, annotationId: landed.id, documentId: landed.documentId }
    return context.ownIds.has(link.annotationId) && !removedIds.has(link.annotationId) ? link : null
  }
  const changes = drafts
    .map((draft) => ({
      ...draft,
      create: draft.create.map((annotation) => ({
        ...annotation,
        links: annotation.links.map(remap).filter((link): link is AnnotationLink => link !== null),
      })),
    }))
    .filter((draft) => draft.create.length > 0 || draft.remove.length > 0)
  return { changes, summary }
}
