// Starting and killing the chaos suite's workbench processes (tests/chaos/child.ts).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { projectRoot } from '../support/paths'

export interface Worker {
  child: ChildProcessWithoutNullStreams
  /** Every complete line printed so far. */
  lines: string[]
  stderr: string[]
  /** Resolves with the next line not read yet by nextLine (waiting for it if need be). */
  nextLine(): Promise<string>
  send(line: string): void
  exited: Promise<number | null>
}

export function startWorker(mode: string, ...args: string[]): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'tests/chaos/child.ts'), mode, ...args], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const stderr: string[] = []
  const waiting: Array<(line: string) => void> = []
  let read = 0
  let partial = ''
  child.stdout.on('data', (chunk: Buffer) => {
    partial += chunk.toString()
    const complete = partial.split('\n')
    partial = complete.pop() ?? ''
    for (const line of complete) {
      lines.push(line)
      const reader = waiting.shift()
      if (reader) {
        read++
        reader(line)
      }
    }
  })
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
  // 'close', not 'exit': every line the child wrote before it died has been read by then.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  return {
    child,
    lines,
    stderr,
    nextLine: () => (read < lines.length ? Promise.resolve(lines[read++]) : new Promise((done) => waiting.push(done))),
    send: (line) => child.stdin.write(`${line}\n`),
    exited,
  }
}

/** Waits until the worker has acknowledged `count` operations, then `delayMs` more, then SIGKILLs it. */
export async function killAfter(worker: Worker, count: number, delayMs: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (worker.lines.length < count) {
    if (Date.now() > deadline) throw new Error(`worker acknowledged ${worker.lines.length} of ${count}: ${worker.stderr.join('')}`)
    if (worker.child.exitCode !== null) throw new Error(`worker exited early (${worker.child.exitCode}): ${worker.stderr.join('')}`)
    await new Promise((done) => setTimeout(done, 2))
  }
  await new Promise((done) => setTimeout(done, delayMs))
  worker.child.kill('SIGKILL')
  await worker.exited
}

/** A small deterministic generator, so a failing trial can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
}
