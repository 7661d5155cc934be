// The renderer's view of the API contract: typed calls that throw a WorkbenchError whose
// message is already in the user's language.
import type { ApiError, ApiInput, ApiResult, OperationName } from '../../shared/api'

export class WorkbenchError extends Error {
  constructor(readonly detail: ApiError) {
    super(detail.message)
  }
}

export async function call<K extends OperationName>(operation: K, input: ApiInput<K>): Promise<ApiResult<K>> {
  const outcome = await window.workbench[operation](input)
  if (!outcome.ok) throw new WorkbenchError(outcome.error)
  return outcome.value as ApiResult<K>
}
