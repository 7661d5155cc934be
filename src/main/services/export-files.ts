// Files the user saves out of the app (exports, charts, the codebook). They are written the same
// careful way as the workspace's own files, so a crash never leaves half an export behind.
import { writeFileDurably } from './durable-file'

export async function writeExportFile(path: string, bytes: Uint8Array): Promise<void> {
  await writeFileDurably(path, bytes)
}
