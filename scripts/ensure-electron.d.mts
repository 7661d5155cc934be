// Types for scripts/ensure-electron.mjs (a plain Node script, so `npm start` needs no build).
export function electronPackageDir(projectDir?: string): string
export function electronInstalled(electronDir: string): boolean
export function olderThan(version: string, range: string): boolean
export function explainDownloadFailure(details: {
  output: string
  nodeVersion: string
  nodeRange: string
  electronVersion: string
  env: Record<string, string | undefined>
}): string[]
export function ensureElectron(options?: {
  electronDir?: string
  env?: Record<string, string | undefined>
  log?: (line: string) => void
  error?: (line: string) => void
}): number
