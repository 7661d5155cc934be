import { runCli } from '../../src/cli/index'

/** Runs the command line in this process, as a shell would, and keeps what it printed. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, (text) => out.push(text), (text) => err.push(text))
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}
