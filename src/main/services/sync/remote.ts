// The team's CouchDB database as PouchDB's http adapter sees it: the server URL checked before
// anything is sent, the password in an Authorization header only, and the server's refusals
// turned into messages the user can act on. Network only here and in the replication it feeds.
import { AppError } from '../app-error'
import type { SyncSettings } from '../../../shared/sync/status'
import { PouchDB, type PouchDatabase } from './pouch'

/** Requests that hang (a server that accepts and never answers) fail after this long. */
export const REQUEST_TIMEOUT_MS = 30_000

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * HTTPS anywhere; plain HTTP only to this machine (a server on loopback, or a tunnel to one)
 * unless the user confirmed it, since the password travels in every request.
 */
export function checkServerUrl(raw: string, allowHttp: boolean): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new AppError('SYNC_URL_INVALID', { url: raw })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('SYNC_URL_INVALID', { url: raw })
  // A password in the URL would be written to config.json and shown in messages.
  if (url.username || url.password) throw new AppError('SYNC_URL_CREDENTIALS', { url: `${url.protocol}//${url.host}` })
  if (url.protocol === 'http:' && !allowHttp && !isLoopbackHost(url.hostname)) throw new AppError('SYNC_INSECURE_URL', { url: raw })
  return url
}

export function databaseUrl(settings: Pick<SyncSettings, 'url' | 'db'>): string {
  const base = settings.url.replace(/\/+$/, '')
  return `${base}/${encodeURIComponent(settings.db)}`
}

export function openRemote(settings: SyncSettings, password: string | null): PouchDatabase {
  checkServerUrl(settings.url, settings.allowHttp)
  return new PouchDB(databaseUrl(settings), {
    // Never create the database: a typing error in its name must be reported, not become a new, empty team.
    skip_setup: true,
    ...(password !== null ? { auth: { username: settings.user, password } } : {}),
    fetch: (url, options) => PouchDB.fetch(url, { ...options, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  })
}

interface PouchError {
  status?: number
  /** CouchDB's error name, as PouchDB's info() returns it without a status. */
  error?: string
  name?: string
  message?: string
  reason?: string
  type?: string
  code?: string
}

/** A refusal or failure of the server, as the user's message; edits stay in the outbox whatever it is. */
export function remoteError(error: unknown, settings: SyncSettings, pending: number): AppError {
  if (error instanceof AppError) return error
  const failure = (error ?? {}) as PouchError
  const url = settings.url
  let status = failure.status ?? { unauthorized: 401, forbidden: 403, not_found: 404 }[failure.error ?? '']
  // pouchdb-server answers a known user who is not a member with 401; CouchDB 3 with 403. Both mean “not allowed here”.
  if (status === 401 && /access this db/i.test(failure.reason ?? '')) status = 403
  if (status === 401) return new AppError('SYNC_UNAUTHORIZED', { user: settings.user, url, pending })
  if (status === 403) return new AppError('SYNC_FORBIDDEN', { user: settings.user, db: settings.db, pending })
  if (status === 404) return new AppError('SYNC_DB_MISSING', { db: settings.db, url, pending })
  const reason = failure.reason || failure.message || String(error)
  if (failure.type === 'invalid-json' || error instanceof SyntaxError || /JSON|Unexpected token|invalid json/i.test(reason)) {
    return new AppError('SYNC_BAD_RESPONSE', { url, reason: reason.slice(0, 200), pending })
  }
  if (typeof failure.status === 'number' && failure.status >= 400) {
    return new AppError('SYNC_BAD_RESPONSE', { url, reason: `HTTP ${failure.status}: ${reason.slice(0, 200)}`, pending })
  }
  // An error document of a status we do not know (a proxy's 500 in CouchDB's shape).
  if (typeof failure.error === 'string') return new AppError('SYNC_BAD_RESPONSE', { url, reason: `${failure.error}: ${reason.slice(0, 200)}`, pending })
  return new AppError('SYNC_UNREACHABLE', { url, reason: reason.slice(0, 200), pending })
}
