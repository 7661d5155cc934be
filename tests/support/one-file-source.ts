// An imported source as an earlier version wrote it: sources/<id>.json holding the header and
// every annotation, in the file's order (no `layout`). Written straight to disk, as that version
// left it; a source store opened afterwards finds it.
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Annotation } from '../../src/shared/model'
import { SOURCE_FILE_SCHEMA_VERSION, SOURCES_DIR, type SourceFile } from '../../src/main/services/sources'

export async function writeOneFileImport(workspaceDir: string, annotations: readonly Annotation[], name = 'earlier import'): Promise<string> {
  const id = randomUUID()
  const file: SourceFile = {
    schemaVersion: SOURCE_FILE_SCHEMA_VERSION,
    id,
    name,
    kind: 'imported',
    fileName: `${name}.json`,
    format: 'json',
    importedAt: '2026-11-26T00:00:00.000Z',
    annotations: [...annotations],
    problems: [],
    decisions: [],
  }
  await mkdir(join(workspaceDir, SOURCES_DIR), { recursive: true })
  await writeFile(join(workspaceDir, SOURCES_DIR, `${id}.json`), JSON.stringify(file))
  return id
}
