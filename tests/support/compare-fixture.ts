// Annotates the seed fixture's cross-year observations through the contract, as the reader would
// after the analyst selected each quote: shared by the compare unit tests and the e2e test.
import { locateQuote } from '../../src/shared/anchoring'
import type { Annotation, Comparator } from '../../src/shared/model'
import { loadSeedFixture, type SeedFixture } from './paths'

type Dispatch = (name: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>

interface SeedDocument {
  id: string
  text: string
}

/** The workspace's seed documents by file name (ids are hashes of the text as imported). */
export async function seedDocuments(dispatch: Dispatch): Promise<Map<string, SeedDocument>> {
  const listed = await dispatch('documents.list', {})
  if (!listed.ok) throw new Error(`documents.list: ${JSON.stringify(listed.error)}`)
  const byFile = new Map<string, SeedDocument>()
  for (const { id } of listed.value as Array<{ id: string }>) {
    const got = await dispatch('documents.get', { id })
    if (!got.ok) throw new Error(`documents.get ${id}: ${JSON.stringify(got.error)}`)
    const { document, text } = got.value as { document: { source: { fileName: string } }; text: string }
    byFile.set(document.source.fileName, { id, text })
  }
  return byFile
}

export async function annotateFixture(
  dispatch: Dispatch,
  keep: (observation: SeedFixture['observations'][number]) => boolean = () => true,
): Promise<Annotation[]> {
  const fixture = loadSeedFixture()
  const documents = await seedDocuments(dispatch)
  const created: Annotation[] = []
  for (const observation of fixture.observations.filter(keep)) {
    const seed = documents.get(observation.file)
    if (!seed) throw new Error(`no seed ${observation.file} in the workspace`)
    const documentId = seed.id
    const { match } = locateQuote(seed.text, observation.quote, 0)
    if (!match) throw new Error(`quote not in ${observation.file}: ${observation.quote}`)
    const outcome = await dispatch('annotations.create', {
      documentId,
      ...match,
      label: observation.kind === 'target' ? 'target' : 'achievement',
      attributes: {
        indicator: observation.indicator,
        value: observation.value,
        unit: observation.unit,
        comparator: observation.comparator as Comparator,
        periodYear: observation.periodYear,
      },
    })
    if (!outcome.ok) throw new Error(`annotations.create: ${JSON.stringify(outcome.error)}`)
    created.push(outcome.value as Annotation)
  }
  return created
}
