// One CouchDB-protocol test server per test file, and the members opened on it: the server is
// started before the file's tests and stopped, with every member kept here, after them.
import { afterAll, beforeAll } from 'vitest'
import { startCouchServer, type CouchServer } from './couch-server'
import { joinTeam, openMember, type Member } from './sync-members'

export interface TeamSuite {
  /** The running server (available inside tests and hooks). */
  readonly server: CouchServer
  /** Members closed after the file's tests. */
  keep(...members: Member[]): void
  /** A new member (her own workspace, the seeds) who joined the team on this server; kept. */
  join(name: string): Promise<Member>
}

/** `database`: created with the server; null when the tests create their own. */
export function teamSuite({ database = 'team' as string | null } = {}): TeamSuite {
  let server: CouchServer | undefined
  const members: Member[] = []
  beforeAll(async () => {
    server = await startCouchServer()
    if (database) await server.createDatabase(database)
  }, 30_000)
  afterAll(async () => {
    await Promise.all(members.splice(0).map((member) => member.close()))
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('the test server is started before the tests of this file')
      return server
    },
    keep: (...opened) => void members.push(...opened),
    async join(name) {
      const opened = await openMember(name)
      members.push(opened)
      await joinTeam(opened, this.server.url)
      return opened
    },
  }
}
