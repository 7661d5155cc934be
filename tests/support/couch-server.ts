// A CouchDB-protocol server for the sync tests: pouchdb-server, in memory, on a free loopback
// port, started and stopped by the test. It speaks CouchDB's HTTP and replication protocol
// (users, _security, validate_doc_update included); teams run Apache CouchDB.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { projectRoot } from './paths'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export interface CouchServer {
  url: string
  port: number
  /** The server's process, for benchmarks that measure its CPU time. */
  pid: number | undefined
  /** Admin requests (basic auth once an admin exists). */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>
  createDatabase(name: string): Promise<void>
  /** Ends admin party: from now on requests need a user. */
  addAdmin(name: string, password: string): Promise<void>
  addUser(name: string, password: string, roles: string[]): Promise<void>
  stop(signal?: NodeJS.Signals): Promise<void>
}

export async function startCouchServer(port?: number): Promise<CouchServer> {
  const chosen = port ?? (await freePort())
  // pouchdb-server writes config.json and log.txt where it runs: a temp folder, not the repository.
  const cwd = await mkdtemp(join(tmpdir(), 'pwb-couch-'))
  const child: ChildProcess = spawn(join(projectRoot, 'node_modules/.bin/pouchdb-server'), ['--in-memory', '--host', '127.0.0.1', '-p', String(chosen), '-n'], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${chosen}`
  let admin: { name: string; password: string } | null = null

  const request = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' }
    if (admin) headers.Authorization = `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await response.text()
    let json: unknown = text
    try {
      json = JSON.parse(text)
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, json }
  }

  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited: ${stderr}`)
    try {
      if ((await fetch(`${url}/`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`pouchdb-server did not start on ${url}: ${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  const expect = (what: string, status: number, ok: number[]) => {
    if (!ok.includes(status)) throw new Error(`${what}: HTTP ${status}`)
  }
  return {
    url,
    port: chosen,
    pid: child.pid,
    request,
    async createDatabase(name) {
      expect(`create ${name}`, (await request('PUT', `/${encodeURIComponent(name)}`)).status, [201])
    },
    async addAdmin(name, password) {
      expect('add admin', (await request('PUT', `/_config/admins/${name}`, password)).status, [200])
      admin = { name, password }
    },
    async addUser(name, password, roles) {
      expect(`add user ${name}`, (await request('PUT', `/_users/org.couchdb.user:${name}`, { name, password, roles, type: 'user' })).status, [201])
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
      await rm(cwd, { recursive: true, force: true })
    },
  }
}
