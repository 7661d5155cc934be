import type { ErrorCode, MessageParams } from '../../shared/messages'

/** An expected failure the user can act on; formatted in their language at the boundary. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: MessageParams = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`)
  }
}
