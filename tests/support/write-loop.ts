// Child process for the crash test: replaces one file durably, forever, until killed.
import { writeFileDurably } from '../../src/main/services/durable-file'

const [target, backupDir] = process.argv.slice(2)
const payload = 'x'.repeat(256 * 1024)
for (let version = 1; ; version++) {
  await writeFileDurably(target, JSON.stringify({ version, payload }), { backupDir })
  process.stdout.write(`${version}\n`)
}
