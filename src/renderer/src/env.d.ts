import type { WorkbenchBridge, WorkbenchEvents } from '../../shared/api'

declare global {
  interface Window {
    workbench: WorkbenchBridge
    workbenchEvents?: WorkbenchEvents
  }
}
