// The compare bench's workspace: 5,000 indicators × 10 years, 200,000 annotations in 100
// documents (two targets and two actuals per indicator and year), generated in memory and
// written straight in the store's file format — with the figure summaries the store writes beside
// every annotation file it saves (figures/<id>.summary), when asked.
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Annotation, AnnotationFile, DocumentRecord, Indicator } from '../../src/shared/model'
import { ANNOTATIONS_DIR, BACKUPS_DIR, DOCUMENTS_DIR, WORKSPACE_FILE, emptyWorkspaceFile } from '../../src/main/services/workspace-store'
import { FigureIndex } from '../../src/main/services/figure-index'
import { gwrDir } from '../support/paths'

export const INDICATORS = 5_000
export const YEARS = 10
const FIRST_YEAR = 2015
const DOCUMENTS_PER_YEAR = 10

export interface Generated {
  documents: DocumentRecord[]
  annotations: Annotation[][]
  indicators: Indicator[]
}

export async function generateForBench(): Promise<Generated & { texts: string[] }> {
  const source = (await readFile(join(gwrDir, '2019_gwr_national.txt'), 'utf8')).slice(0, 3000)
  const createdAt = new Date().toISOString()
  const documents: DocumentRecord[] = []
  const texts: string[] = []
  for (let n = 0; n < YEARS * DOCUMENTS_PER_YEAR; n++) {
    const text = `第${n}号文件\n${source}`
    const sha256 = createHash('sha256').update(text).digest('hex')
    texts.push(text)
    documents.push({
      id: sha256.slice(0, 16),
      sha256,
      title: `第${n}号文件`,
      textLength: text.length,
      meta: { year: FIRST_YEAR + Math.floor(n / DOCUMENTS_PER_YEAR), date: null, docNumber: null, issuer: `机关${n % 7}`, docType: n % 2 ? 'action-plan' : 'work-summary-and-plan', script: 'zh-Hans' },
      source: { fileName: `${n}.txt`, format: 'txt', encoding: 'utf-8' },
      importedAt: createdAt,
      cleanupApplied: [],
    })
  }
  const indicators: Indicator[] = Array.from({ length: INDICATORS }, (_, i) => ({
    key: `indicator-${i}`,
    name: `指标${String(i).padStart(4, '0')}`,
    aliases: [],
    unit: i % 3 === 0 ? '%' : i % 3 === 1 ? '亿元' : '家',
    higherIsBetter: i % 5 !== 0,
  }))
  const annotations: Annotation[][] = documents.map(() => [])
  const add = (docIndex: number, label: string, indicator: Indicator, value: number, unit: string, comparator: '>' | '=' | '≈', periodYear: number) => {
    const text = texts[docIndex]
    const start = (annotations[docIndex].length * 13) % (text.length - 40)
    const end = start + 12
    annotations[docIndex].push({
      id: randomUUID(),
      documentId: documents[docIndex].id,
      start,
      end,
      quote: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - 32), start),
      suffix: text.slice(end, end + 32),
      label,
      attributes: { indicator: indicator.key, value, unit, comparator, periodYear },
      links: [],
      status: 'accepted',
      author: 'bench',
      createdAt,
      updatedAt: createdAt,
    })
  }
  for (const [i, indicator] of indicators.entries()) {
    for (let y = 0; y < YEARS; y++) {
      const year = FIRST_YEAR + y
      const planDoc = y * DOCUMENTS_PER_YEAR + (i % DOCUMENTS_PER_YEAR)
      const laterPlanDoc = y * DOCUMENTS_PER_YEAR + ((i + 1) % DOCUMENTS_PER_YEAR)
      const reportYear = Math.min(YEARS - 1, y + 1)
      const reportDoc = reportYear * DOCUMENTS_PER_YEAR + (i % DOCUMENTS_PER_YEAR)
      const otherReportDoc = reportYear * DOCUMENTS_PER_YEAR + ((i + 3) % DOCUMENTS_PER_YEAR)
      const target = 100 + (i % 50) + y
      add(planDoc, 'target', indicator, target, indicator.unit, i % 4 === 0 ? '≈' : '>', year)
      add(laterPlanDoc, 'target', indicator, target + 5, indicator.unit, '>', year)
      const actual = target * (0.9 + ((i + y) % 3) * 0.1)
      // Money in 万元 for some actuals, so conversion is part of what is timed.
      add(reportDoc, 'achievement', indicator, indicator.unit === '亿元' ? actual * 10_000 : actual, indicator.unit === '亿元' ? '万元' : indicator.unit, '=', year)
      add(otherReportDoc, 'achievement', indicator, (i + y) % 17 === 0 ? actual + 1 : actual, indicator.unit, '=', year)
    }
  }
  // The store holds each document's annotations as parsed from its file: round-trip them the same way.
  const asLoaded = annotations.map((list) => JSON.parse(JSON.stringify(list)) as Annotation[])
  return { documents, annotations: asLoaded, indicators, texts }
}

/**
 * `figureSummaries`: write each annotation file's summary too, through the store's own summary
 * writer, as a workspace the app saved holds them. Without them the first compare of the workspace
 * builds them all (a workspace from before the index: the big-corpus bench times that).
 */
export async function writeCompareWorkspace(dir: string, generated: Generated & { texts: string[] }, { figureSummaries = false } = {}): Promise<void> {
  await Promise.all([DOCUMENTS_DIR, ANNOTATIONS_DIR, BACKUPS_DIR].map((sub) => mkdir(join(dir, sub), { recursive: true })))
  const workspace = { ...emptyWorkspaceFile('bench-compare'), documents: generated.documents, indicators: generated.indicators }
  for (const [n, doc] of generated.documents.entries()) {
    const file: AnnotationFile = { schemaVersion: 1, documentId: doc.id, annotations: generated.annotations[n] }
    await writeFile(join(dir, DOCUMENTS_DIR, `${doc.id}.txt`), generated.texts[n])
    await writeFile(join(dir, ANNOTATIONS_DIR, `${doc.id}.json`), JSON.stringify(file))
  }
  await writeFile(join(dir, WORKSPACE_FILE), JSON.stringify(workspace))
  if (!figureSummaries) return
  const index = new FigureIndex(dir, join(dir, ANNOTATIONS_DIR), false)
  for (const [n, doc] of generated.documents.entries()) await index.rebuild(doc.id, generated.annotations[n])
  await index.idle()
}
