// How the store reads and writes its JSON files: through lowdb, with validation on read and
// durable writes, one queue per file.
import { readFile } from 'node:fs/promises'
import type { Adapter } from 'lowdb'
import type { z } from 'zod'
import { isErrorCode, writeFileDurably, type DurableWriteOptions } from './durable-file'
import { jsonBytes, parseJsonBytes } from './json-bytes'

export class CorruptFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** The schemaVersion found, when the file parsed but did not validate. */
    readonly schemaVersion?: unknown,
  ) {
    super(`${path}: ${reason}`)
  }
}

/** `raw` as text, or as the file's bytes (parsed without one string of the whole file, see json-bytes.ts). */
export function parseJsonFile<S extends z.ZodType>(path: string, raw: string | Uint8Array, schema: S): z.output<S> {
  let json: unknown
  try {
    json = typeof raw === 'string' ? JSON.parse(raw) : parseJsonBytes(raw)
  } catch (error) {
    throw new CorruptFileError(path, `not JSON (${(error as Error).message})`)
  }
  const result = schema.safeParse(json)
  if (!result.success) {
    const version =
      typeof json === 'object' && json !== null ? (json as Record<string, unknown>).schemaVersion : undefined
    const first = result.error.issues[0]
    throw new CorruptFileError(path, `${first.path.join('.') || '(root)'}: ${first.message}`, version)
  }
  return result.data
}

/** A lowdb adapter: schema-validated reads, durable writes (see durable-file.ts). */
export class DurableJsonFile<S extends z.ZodType> implements Adapter<z.output<S>> {
  /**
   * The file's size when last read or written: the next write's output buffer starts at about it
   * (a 3 MB annotation file grown from 64 KB was copied over and over, 1.2 ms of every save).
   */
  private lastBytes = 0

  constructor(
    readonly path: string,
    private readonly schema: S,
    private readonly writeOptions: DurableWriteOptions = {},
  ) {}

  async read(): Promise<z.output<S> | null> {
    let raw: Buffer
    try {
      raw = await readFile(this.path)
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return null
      throw error
    }
    this.lastBytes = raw.length
    return parseJsonFile(this.path, raw, this.schema)
  }

  write(data: z.output<S>): Promise<void> {
    const bytes = jsonBytes(data, this.lastBytes)
    this.lastBytes = bytes.length
    return writeFileDurably(this.path, bytes, this.writeOptions)
  }
}

/**
 * Runs tasks one after another. The store keeps one per file, so that each edit is computed
 * from the state the previous edit left on disk, and is only visible once it is durable.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task)
    // The tail settles to nothing: `result.catch` would hold the task's result for as long as the
    // queue lives (one queue per file: ten thousand documents' transient results kept).
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }

  /** Resolves once every task queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
