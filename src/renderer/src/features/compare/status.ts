// Each status has an icon as well as a colour, so it reads without colour vision and in print.
import type { CompareStatus } from '../../../../shared/compare-types'
import type { MessageKey } from '../../i18n/messages'

export const STATUS_ICON: Record<CompareStatus, string> = { met: '✓', missed: '✗', 'no-evidence': '?', 'not-due': '…' }

export const STATUS_COLOR: Record<CompareStatus, string> = {
  met: '#2b8a3e',
  missed: '#c92a2a',
  'no-evidence': '#e67700',
  'not-due': '#868e96',
}

export function statusKey(status: CompareStatus): MessageKey {
  return `compare.status.${status}` as MessageKey
}
