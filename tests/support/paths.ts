import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const projectRoot = resolve(import.meta.dirname, '../..')
export const seedsDir = join(projectRoot, 'seeds')
/** Test data the repository carries (see tests/fixtures/README.md for sources and licences). */
export const fixturesDir = join(projectRoot, 'tests/fixtures')
export const gwrDir = join(fixturesDir, 'corpus/gwr')
export const refiQdaSchema = join(fixturesDir, 'formats/refi-qda/Project.xsd')
export const w3cSchemasDir = join(fixturesDir, 'formats/w3c-annotation')

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `pwb-${prefix}-`))
}

export interface FixtureDocument {
  file: string
  year: number
  date: string | null
  docNumber: string | null
  issuer: string
  docType: string
  script: 'zh-Hans' | 'zh-Hant'
}

export interface SeedFixture {
  documents: FixtureDocument[]
  observations: Array<{
    indicator: string
    kind: 'target' | 'actual'
    periodYear: number
    value: number
    unit: string
    comparator: string
    file: string
    quote: string
  }>
}

export function loadSeedFixture(): SeedFixture {
  return JSON.parse(readFileSync(join(fixturesDir, 'seed-crossyear.json'), 'utf8')) as SeedFixture
}
