// A small index beside each source file (sources/<id>.summary.json): what the list of sources
// shows (name, counts, documents), so listing sources reads kilobytes, not every imported
// annotation (a source can hold a million rows). The index is derived: it records the size,
// mtime and inode of the source file it describes, and any mismatch, damage or absence simply
// means reading the source file again and rewriting the index. It needs no backup of its own.
import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { SourceSummary } from '../../shared/review'
import { writeFileDurably } from './durable-file'

export const SOURCE_INDEX_SUFFIX = '.summary.json'

const SourceIndexSchema = z.object({
  schemaVersion: z.literal(1),
  summary: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['imported', 'curated']),
    fileName: z.string(),
    format: z.string(),
    importedAt: z.string(),
    annotationCount: z.number(),
    documentIds: z.array(z.string()),
    contentSha256: z.string().optional(),
  }),
  file: z.object({ size: z.number(), mtimeMs: z.number(), ino: z.number() }),
})

function indexPath(dir: string, id: string): string {
  return join(dir, `${id}${SOURCE_INDEX_SUFFIX}`)
}

async function fingerprint(path: string): Promise<{ size: number; mtimeMs: number; ino: number }> {
  const info = await stat(path)
  // Whole milliseconds: what every file system and copy tool keeps. A rewrite by the store always
  // changes the inode anyway (a rename); the time catches edits in place.
  return { size: info.size, mtimeMs: Math.floor(info.mtimeMs), ino: info.ino }
}

/** The indexed summary of sources/<id>.json, or null when the index is missing, damaged or stale. */
export async function readSourceIndex(dir: string, id: string): Promise<SourceSummary | null> {
  try {
    const parsed = SourceIndexSchema.safeParse(JSON.parse(await readFile(indexPath(dir, id), 'utf8')))
    if (!parsed.success || parsed.data.summary.id !== id) return null
    const now = await fingerprint(join(dir, `${id}.json`))
    const then = parsed.data.file
    return now.size === then.size && now.mtimeMs === then.mtimeMs && now.ino === then.ino ? parsed.data.summary : null
  } catch {
    return null
  }
}

/** Records the summary of the source file as it is on disk now (call after each write of it). */
export async function writeSourceIndex(dir: string, summary: SourceSummary): Promise<void> {
  const file = await fingerprint(join(dir, `${summary.id}.json`))
  await writeFileDurably(indexPath(dir, summary.id), JSON.stringify({ schemaVersion: 1, summary, file }))
}

export async function removeSourceIndex(dir: string, id: string): Promise<void> {
  await rm(indexPath(dir, id), { force: true })
}
