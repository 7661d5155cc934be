// A SerialQueue lives as long as its file (the store keeps one per document, ten thousand on a big
// corpus): it must not keep the last task's result alive, or building an index from every
// annotation file holds every document's transient result until the session ends.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { SerialQueue } from '../../src/main/services/json-store-file'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

async function nextTurn(): Promise<void> {
  await new Promise<void>((resume) => setImmediate(resume))
}

describe('SerialQueue memory', () => {
  it('lets a finished task’s result be collected while the queue lives on', async () => {
    const queue = new SerialQueue()
    let result: WeakRef<object> | null = null
    await (async () => {
      const value = await queue.run(async () => ({ rows: new Array(1000).fill('row') }))
      result = new WeakRef(value)
    })()
    // WeakRefs are only cleared after the job that made them.
    await nextTurn()
    collectGarbage()
    await nextTurn()
    expect(result!.deref()).toBeUndefined()
    // The queue still runs tasks in order after that.
    const order: number[] = []
    await Promise.all([queue.run(async () => order.push(1)), queue.run(async () => order.push(2))])
    expect(order).toEqual([1, 2])
  })

  it('lets a failed task’s error be collected, and runs the next task', async () => {
    const queue = new SerialQueue()
    let failure: WeakRef<object> | null = null
    await queue
      .run(async () => {
        throw new Error('x'.repeat(1000))
      })
      .catch((error: Error) => {
        failure = new WeakRef(error)
      })
    await nextTurn()
    collectGarbage()
    await nextTurn()
    expect(failure!.deref()).toBeUndefined()
    await expect(queue.run(async () => 'next')).resolves.toBe('next')
  })
})
