// Team sync against servers that fail: unreachable, answering garbage, refusing the password, the
// database or one document, missing the database, or holding a document the workspace schema
// refuses. Every time the user gets a clear message and every local edit stays pending.
import { createServer, type Server } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cli } from './run-cli'
import { freePort, startCouchServer, type CouchServer } from '../support/couch-server'
import { joinTeam, openMember, spans, type Member } from '../support/sync-members'

let server: CouchServer
const members: Member[] = []
const servers: Server[] = []
beforeAll(async () => {
  server = await startCouchServer()
  await server.addAdmin('admin', 'admin-pw')
  await server.addUser('ana', 'ana-pw', ['analyst'])
  await server.addUser('sup', 'sup-pw', ['supervisor'])
  await server.createDatabase('team')
  await server.request('PUT', '/team/_security', { admins: { names: [], roles: [] }, members: { names: [], roles: ['analyst', 'supervisor'] } })
  // The README's rule: analysts write documents and their own layer; supervisors write everything.
  await server.request('PUT', '/team/_design/access', {
    validate_doc_update: `function (newDoc, oldDoc, userCtx) {
      if (userCtx.roles.indexOf('_admin') >= 0 || userCtx.roles.indexOf('supervisor') >= 0) return;
      var id = newDoc._id;
      if (id.indexOf('ann:' + userCtx.name + ':') === 0 || id.indexOf('doc:') === 0) return;
      throw({ forbidden: 'analysts write only documents and their own layer: ' + id });
    }`,
  })
  await server.createDatabase('supervisors-only')
  await server.request('PUT', '/supervisors-only/_security', { admins: { names: [], roles: [] }, members: { names: [], roles: ['supervisor'] } })
}, 30_000)
afterEach(async () => {
  await Promise.all(members.splice(0).map((member) => member.close()))
  await Promise.all(servers.splice(0).map((other) => new Promise((resolve) => other.close(resolve))))
})
afterAll(async () => {
  await server.stop()
})

async function member(name: string, dir?: string): Promise<Member> {
  const opened = await openMember(name, dir)
  members.push(opened)
  return opened
}

async function annotate(who: Member, count: number): Promise<string> {
  const { documentId, spans: chosen } = await spans(who, count)
  for (const span of chosen) await who.call('annotations.create', { documentId, ...span, label: 'target' })
  return documentId
}

/** A loopback server that answers every request with `body`. */
async function fakeServer(status: number, body: string, contentType = 'application/json'): Promise<string> {
  const fake = createServer((_request, response) => {
    response.writeHead(status, { 'Content-Type': contentType })
    response.end(body)
  })
  servers.push(fake)
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
  const address = fake.address() as { port: number }
  return `http://127.0.0.1:${address.port}`
}

describe('a server that cannot be reached', () => {
  it('keeps every edit pending, says so in the user’s language, and sends them once the server is there', async () => {
    const port = await freePort()
    const ana = await member('ana')
    await joinTeam(ana, `http://127.0.0.1:${port}`, 'team', 'ana-pw')
    const documentId = await annotate(ana, 3)
    const failure = await ana.fail('sync.run')
    expect(failure.code).toBe('SYNC_UNREACHABLE')
    expect(failure.message).toMatch(/无法连接团队服务器.*待同步/)
    const status = await ana.call('sync.status')
    expect(status.state).toBe('offline')
    expect(status.pending).toBeGreaterThanOrEqual(3)
    expect(status.lastError).toMatch(/无法连接/)

    // The CLI says it too, in English when asked, and exits 1.
    await ana.close()
    members.splice(members.indexOf(ana), 1)
    process.env.POLICY_WORKBENCH_SYNC_PASSWORD = 'ana-pw'
    const result = await cli('sync', ana.dir, '--json', '--lang', 'en')
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stderr).error).toMatchObject({ code: 'SYNC_UNREACHABLE' })
    expect(JSON.parse(result.stderr).error.message).toMatch(/Cannot reach the team server .* waiting to sync/)

    // The same port, now with a server behind it.
    const late = await startCouchServer(port)
    try {
      await late.createDatabase('team')
      // This server has no users (admin party): no password this time.
      delete process.env.POLICY_WORKBENCH_SYNC_PASSWORD
      const result2 = await cli('sync', ana.dir, '--json')
      expect(result2.code, result2.stderr).toBe(0)
      const report = JSON.parse(result2.stdout)
      expect(report).toMatchObject({ pending: 0, conflicts: 0 })
      const onServer = (await late.request('GET', `/team/_all_docs?startkey="ann:ana:"&endkey="ann:ana:\uffff"`)).json as { rows: unknown[] }
      expect(onServer.rows).toHaveLength(3)
      void documentId
    } finally {
      delete process.env.POLICY_WORKBENCH_SYNC_PASSWORD
      await late.stop()
    }
  })
})

describe('servers that refuse', () => {
  it.each([
    ['garbage JSON', 200, '{"couchdb": "Welcome", oops', 'SYNC_BAD_RESPONSE', /无法识别/],
    ['an HTML page', 200, '<html><body>proxy login</body></html>', 'SYNC_BAD_RESPONSE', /无法识别/],
    ['a 500', 500, '{"error":"internal"}', 'SYNC_BAD_RESPONSE', /internal/],
  ])('a server answering %s is reported as not CouchDB and nothing is lost', async (_, status, body, code, message) => {
    const url = await fakeServer(status, body)
    const ana = await member('ana')
    await joinTeam(ana, url)
    await annotate(ana, 2)
    const failure = await ana.fail('sync.run')
    expect(failure.code).toBe(code)
    expect(failure.message).toMatch(message)
    expect((await ana.call('sync.status')).pending).toBeGreaterThanOrEqual(2)
  })

  it('a wrong password (401): the message names the user, the edits stay pending', async () => {
    const ana = await member('ana')
    await joinTeam(ana, server.url, 'team', 'not-her-password')
    await annotate(ana, 2)
    const failure = await ana.fail('sync.run')
    expect(failure.code).toBe('SYNC_UNAUTHORIZED')
    expect(failure.message).toContain('ana')
    expect((await ana.call('sync.status')).pending).toBeGreaterThanOrEqual(2)
    // The right password afterwards sends them.
    await joinTeam(ana, server.url, 'team', 'ana-pw')
    const report = await ana.call('sync.run')
    expect(report.rejected.filter((problem) => problem.id.startsWith('ann:'))).toEqual([])
  })

  it('a database she may not use (403)', async () => {
    const ana = await member('ana')
    await joinTeam(ana, server.url, 'supervisors-only', 'ana-pw')
    await annotate(ana, 1)
    const failure = await ana.fail('sync.run')
    expect(failure.code).toBe('SYNC_FORBIDDEN')
    expect(failure.message).toMatch(/没有访问团队数据库 supervisors-only 的权限（403）/)
  })

  it('a database that does not exist (404) is reported, not created', async () => {
    const ana = await member('ana')
    await joinTeam(ana, server.url, 'no-such-team', 'ana-pw')
    const failure = await ana.fail('sync.run')
    expect(failure.code).toBe('SYNC_DB_MISSING')
    expect((await server.request('GET', '/no-such-team')).status).toBe(404)
  })

  it('one document the server refuses (403 from validate_doc_update) stays pending; the rest goes on', async () => {
    const sup = await member('sup')
    await joinTeam(sup, server.url, 'team', 'sup-pw')
    await sup.call('sync.run')
    const ana = await member('ana')
    await joinTeam(ana, server.url, 'team', 'ana-pw')
    await annotate(ana, 2)
    await ana.call('indicators.save', { indicator: { key: 'ana-only', name: '她的指标', aliases: [], unit: '', higherIsBetter: true } })
    const report = await ana.call('sync.run')
    expect(report.rejected.map((problem) => problem.id)).toEqual(['ind:ana-only'])
    expect(report.rejected[0].reason).toMatch(/analysts write only/)
    expect(report.pending).toBe(1)
    // Her layer reached the server all the same.
    const layer = (await server.request('GET', `/team/_all_docs?startkey="ann:ana:"&endkey="ann:ana:\uffff"`)).json as { rows: unknown[] }
    expect(layer.rows.length).toBeGreaterThanOrEqual(2)
    // Offered again next time, and refused again, not forgotten.
    const again = await ana.call('sync.run')
    expect(again.rejected.map((problem) => problem.id)).toEqual(['ind:ana-only'])
  })
})

describe('a document on the server that fails the workspace schema', () => {
  it('is refused and reported; the other documents are applied', async () => {
    const sup = await member('sup')
    await joinTeam(sup, server.url, 'team', 'sup-pw')
    await sup.call('sync.run')
    const [first] = await sup.call('documents.list')
    const good = {
      schemaVersion: 1,
      type: 'annotation',
      annotation: {
        id: 'good-1', documentId: first.id, start: 0, end: 2, quote: '', prefix: '', suffix: '', label: 'target',
        attributes: {}, links: [], status: 'accepted', author: 'bob', createdAt: '2026-01-01', updatedAt: '2026-01-01',
      },
    }
    const { text } = await sup.call('documents.get', { id: first.id })
    good.annotation.quote = text.slice(0, 2)
    expect((await server.request('PUT', '/team/ann:bob:good-1', good)).status).toBe(201)
    const bad = { ...good, annotation: { ...good.annotation, id: 'bad-1', start: -5 } }
    expect((await server.request('PUT', '/team/ann:bob:bad-1', bad)).status).toBe(201)
    const wrongQuote = { ...good, annotation: { ...good.annotation, id: 'bad-2', quote: '不是原文' } }
    expect((await server.request('PUT', '/team/ann:bob:bad-2', wrongQuote)).status).toBe(201)

    const report = await sup.call('sync.run')
    expect(report.refused.map((problem) => problem.id).sort()).toEqual(['ann:bob:bad-1', 'ann:bob:bad-2'])
    expect(report.refused.find((problem) => problem.id === 'ann:bob:bad-1')?.reason).toMatch(/start/)
    const bob = (await sup.call('sources.list')).find((source) => source.name === 'bob')
    expect(bob?.annotationCount).toBe(1)
  })
})

describe('the server address', () => {
  it.each([
    ['http://team.example.org:5984', 'SYNC_INSECURE_URL'],
    ['ftp://127.0.0.1', 'SYNC_URL_INVALID'],
    ['not a url', 'SYNC_URL_INVALID'],
    ['https://admin:secret@team.example.org', 'SYNC_URL_CREDENTIALS'],
  ])('%s is refused (%s)', async (url, code) => {
    const ana = await member('ana')
    const failure = await ana.fail('sync.configure', { url, db: 'team', user: 'ana' })
    expect(failure.code).toBe(code)
    expect(failure.message).not.toContain('secret')
  })

  it('plain HTTP to another machine only when confirmed; HTTPS and loopback HTTP as they are', async () => {
    const ana = await member('ana')
    await ana.call('sync.configure', { url: 'http://team.example.org:5984', db: 'team', user: 'ana', allowHttp: true })
    await ana.call('sync.configure', { url: 'https://team.example.org', db: 'team', user: 'ana' })
    await ana.call('sync.configure', { url: 'http://localhost:5984', db: 'team', user: 'ana' })
    await ana.close()
    const result = await cli('sync', ana.dir, '--url', 'http://10.0.0.5:5984', '--db', 'team', '--user', 'ana')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/HTTP|HTTPS/)
  })
})
