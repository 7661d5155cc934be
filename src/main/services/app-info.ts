// What Help ▸ About says when the shell does not tell: the version in the package.json next to
// the seeds folder (the app's root in development, the tests and the CLI).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export async function packageVersion(seedsDir: string): Promise<string> {
  try {
    const raw = JSON.parse(await readFile(join(seedsDir, '..', 'package.json'), 'utf8')) as { version?: unknown }
    return typeof raw.version === 'string' ? raw.version : '?'
  } catch {
    return '?'
  }
}
