// What the session-level unit tests share: native dialogs answered by the test, the sessions a
// test opened closed after it, and a contract call that throws on an error outcome.
import { afterEach } from 'vitest'
import { WorkbenchSession, type Dialogs, type SaveFileOptions } from '../../src/main/services/workbench-session'

/** The next folder, files and save path the "user" picks; the last save dialog's options. */
export class ScriptedDialogs implements Dialogs {
  saveTo: string | null = null
  lastSave: SaveFileOptions | null = null
  files: string[] = []
  async chooseFolder() {
    return null
  }
  async chooseFiles() {
    return this.files.splice(0)
  }
  async chooseSaveFile(options: SaveFileOptions) {
    this.lastSave = options
    return this.saveTo
  }
}

/** A list to push each opened session on; every one is closed after each test. */
export function closedAfterEach(): WorkbenchSession[] {
  const sessions: WorkbenchSession[] = []
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()))
  })
  return sessions
}

export async function call<T>(session: WorkbenchSession, op: string, input: unknown): Promise<T> {
  const outcome = await session.dispatch(op, input)
  if (!outcome.ok) throw new Error(`${op}: ${outcome.error.code} ${outcome.error.message}`)
  return outcome.value as T
}

/**
 * Opens a workspace in a session whose dialogs pick nothing; every session it opened is closed
 * after each test (`sessions`: a test that closes one itself takes it off the list).
 */
export function sessionOpener(seedsDir: string): ((dir: string) => Promise<WorkbenchSession>) & { sessions: WorkbenchSession[] } {
  const sessions = closedAfterEach()
  const open = async (dir: string) => {
    const session = new WorkbenchSession({ seedsDir, dialogs: new ScriptedDialogs() })
    await session.start(dir)
    sessions.push(session)
    return session
  }
  return Object.assign(open, { sessions })
}
