// Exposes the API contract to the sandboxed renderer, and nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  createBridge,
  type WorkbenchEvent,
} from '../shared/api'

contextBridge.exposeInMainWorld(
  'workbench',
  createBridge((operation, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, operation, input)),
)
contextBridge.exposeInMainWorld('workbenchEvents', {
  subscribe(listener: (event: WorkbenchEvent) => void): () => void {
    const forward = (_: unknown, event: WorkbenchEvent) => listener(event)
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward)
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward)
  },
})
