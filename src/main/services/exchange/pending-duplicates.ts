// Annotation files whose content was imported before, held (already read and checked) until the
// user answers: replace that source, or keep both. Only the answer travels back, never a path.
import { randomUUID } from 'node:crypto'
import type { ApiError, ExchangeDuplicate } from '../../../shared/api'
import type { ExchangeBundle } from '../../../shared/exchange/common'
import { AppError } from '../app-error'

export interface PendingImport {
  bundle: ExchangeBundle
  fileName: string
  name: string | undefined
  importDocuments: boolean
}

/** A handful at most wait at once; the oldest goes first when more pile up unanswered. */
const MAX_PENDING = 20

export class PendingDuplicates {
  private readonly pending = new Map<string, PendingImport>()

  hold(entry: PendingImport, error: AppError, message: ApiError): ExchangeDuplicate {
    const token = randomUUID()
    this.pending.set(token, entry)
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!)
    return {
      token,
      fileName: entry.fileName,
      sourceId: String(error.params.sourceId),
      sourceName: String(error.params.source),
      copyName: String(error.params.copyName),
      message: message.message,
    }
  }

  take(token: string): PendingImport {
    const entry = this.pending.get(token)
    if (!entry) throw new AppError('IMPORT_PENDING_GONE')
    this.pending.delete(token)
    return entry
  }
}
