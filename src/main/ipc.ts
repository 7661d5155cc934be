// Binds the API contract to Electron IPC. Every call names an operation of the contract;
// calls from any frame but the app's own page are refused before they reach a handler.
import { ipcMain, type WebContents } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type WorkbenchEvent } from '../shared/api'
import type { WorkbenchSession } from './services/workbench-session'

export function bindContractToIpc(
  session: WorkbenchSession,
  isAppPage: (url: string) => boolean,
  afterCall: (operation: string) => void,
): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, operation: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? ''
    if (!isAppPage(frameUrl)) {
      return { ok: false, error: { code: 'INTERNAL', message: `Refused a call from ${frameUrl}` } }
    }
    const outcome = await session.dispatch(operation, input)
    afterCall(String(operation))
    return outcome
  })
}

export function sendEvent(contents: WebContents | undefined, event: WorkbenchEvent): void {
  if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event)
}
