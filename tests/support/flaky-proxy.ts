// A loopback TCP proxy in front of the test server that can cut every connection after a number
// of bytes sent towards the server: a push broken in the middle, as a dropped network or a
// server killed mid-request leaves it, while the server itself (in memory) keeps its data.
import { createServer, connect, type Socket } from 'node:net'

export interface FlakyProxy {
  url: string
  /** Cut every connection once this many more bytes have gone towards the server; refuse new ones until healed. */
  breakAfter(bytes: number): void
  heal(): void
  /** Whether the cut happened. */
  readonly broken: boolean
  close(): Promise<void>
}

export async function startFlakyProxy(targetPort: number): Promise<FlakyProxy> {
  const sockets = new Set<Socket>()
  let budget = Number.POSITIVE_INFINITY
  let broken = false
  const cut = () => {
    broken = true
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }
  const server = createServer((client) => {
    if (broken) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    sockets.add(client)
    sockets.add(upstream)
    client.on('data', (chunk: Buffer) => {
      if (broken) return
      if (chunk.length >= budget) {
        upstream.write(chunk.subarray(0, Math.max(0, Math.floor(budget))))
        cut()
        return
      }
      budget -= chunk.length
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (!broken) client.write(chunk)
    })
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('close', end)
    upstream.on('close', end)
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    breakAfter(bytes) {
      budget = bytes
    },
    heal() {
      broken = false
      budget = Number.POSITIVE_INFINITY
    },
    get broken() {
      return broken
    },
    close: () =>
      new Promise((resolve) => {
        cut()
        server.close(() => resolve())
      }),
  }
}
