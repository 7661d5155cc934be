// The bench measures the reader and compare twice: on an idle machine, and while a second
// process keeps one core busy — an analyst's laptop is rarely idle (a browser, a sync, a video
// call), and on two cores one busy core is what separates "fast" from "fast enough".
import { spawn, type ChildProcess } from 'node:child_process'

export type Condition = 'idle' | 'loaded'

/** Runs `work` with one core kept busy by a child process, and stops that process afterwards. */
export async function withOneCoreBusy<T>(work: () => Promise<T>): Promise<T> {
  const busy: ChildProcess = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
  // Let the scheduler see the spinning process before anything is timed.
  await new Promise((done) => setTimeout(done, 300))
  try {
    return await work()
  } finally {
    busy.kill('SIGKILL')
  }
}

export async function underCondition<T>(condition: Condition, work: () => Promise<T>): Promise<T> {
  return condition === 'loaded' ? withOneCoreBusy(work) : work()
}

export const conditionTitle: Record<Condition, string> = {
  idle: 'idle machine',
  loaded: 'one core kept busy by another process',
}
