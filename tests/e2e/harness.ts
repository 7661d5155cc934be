// launchWorkbench(): the app as a test sees it, without the Electron binary. It runs the real
// main-process services (WorkbenchSession on a real workspace folder) in this Node process,
// serves the built renderer over a loopback http server to Debian's Chromium, and binds the
// API contract with page.exposeFunction, exactly where the preload would have put it.
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { operationNames, type WorkbenchEvent } from '../../src/shared/api'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import type { StoreOptions } from '../../src/main/services/workspace-store'

const projectRoot = resolve(import.meta.dirname, '../..')
// WORKBENCH_RENDERER_DIR lets two builds (say, two branches' e2e runs) live side by side.
export const defaultRendererDir = resolve(projectRoot, process.env.WORKBENCH_RENDERER_DIR ?? 'out/renderer')
export const defaultSeedsDir = join(projectRoot, 'seeds')

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/** Stands in for the native dialogs: a test says what the user will pick next. */
export class ScriptedDialogs implements Dialogs {
  nextFolder: string | null = null
  nextFiles: string[] = []

  async chooseFolder(): Promise<string | null> {
    const folder = this.nextFolder
    this.nextFolder = null
    return folder
  }

  async chooseFiles(): Promise<string[]> {
    const files = this.nextFiles
    this.nextFiles = []
    return files
  }

  nextSaveFile: string | null = null

  async chooseSaveFile(): Promise<string | null> {
    const file = this.nextSaveFile
    this.nextSaveFile = null
    return file
  }
}

export interface LaunchOptions {
  /** The workspace to open; a missing or empty folder gets a new workspace with the seeds. */
  workspaceDir: string
  seedsDir?: string
  rendererDir?: string
  viewport?: { width: number; height: number }
  storeOptions?: StoreOptions
  /** Reuse a browser across launches (faster); by default each launch starts its own. */
  browser?: Browser
  /**
   * How calls reach the services. 'expose-function' binds them with page.exposeFunction;
   * 'http' posts them to the harness's own loopback server, which carries large results
   * (a document's 5,000 annotations) about as fast as Electron's IPC does, where Playwright's
   * function binding takes ~20× longer. Same contract, same services; default 'http'.
   */
  transport?: 'http' | 'expose-function'
  /**
   * The annotator's name given to a writable workspace that has none, so that the first
   * annotation does not stop to ask for it (issue 10). '' leaves it empty: the app then asks.
   */
  annotator?: string
}

export interface LaunchedWorkbench {
  page: Page
  context: BrowserContext
  session: WorkbenchSession
  dialogs: ScriptedDialogs
  /** Base URL of the renderer, for page.goto after a simulated restart. */
  url: string
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** The path the page posts contract calls to when the transport is http. */
const RPC_PATH = '/__workbench/invoke'

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Serves the built renderer, and (http transport) answers contract calls. */
async function serveRenderer(
  root: string,
  dispatch: (operation: unknown, input: unknown) => Promise<unknown>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
      if (path === RPC_PATH && request.method === 'POST') {
        const { operation, input } = JSON.parse(await readBody(request)) as { operation: unknown; input: unknown }
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        response.end(JSON.stringify(await dispatch(operation, input)))
        return
      }
      const file = normalize(join(root, path === '/' ? 'index.html' : path))
      if (!file.startsWith(root + sep)) {
        response.writeHead(403).end()
        return
      }
      try {
        if (!(await stat(file)).isFile()) throw new Error('not a file')
        response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
        response.end(await readFile(file))
      } catch {
        response.writeHead(404).end()
      }
    })()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { server, url: `http://127.0.0.1:${port}/` }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=none',
    ],
  })
}

export async function launchWorkbench(options: LaunchOptions): Promise<LaunchedWorkbench> {
  const rendererDir = options.rendererDir ?? defaultRendererDir
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run \`npm run build\` first.`)
  }
  const dialogs = new ScriptedDialogs()
  let emit: (event: WorkbenchEvent) => void = () => undefined
  const session = new WorkbenchSession({
    seedsDir: options.seedsDir ?? defaultSeedsDir,
    dialogs,
    onEvent: (event) => emit(event),
    storeOptions: options.storeOptions,
  })
  await session.start(options.workspaceDir)
  const store = session.workspace
  const annotator = options.annotator ?? '测试员'
  if (annotator && store && !store.readOnly && !store.settings.annotator) await store.updateSettings({ annotator })

  const { server, url } = await serveRenderer(rendererDir, (operation, input) => session.dispatch(operation, input))
  const ownBrowser = options.browser ? null : await launchBrowser()
  const browser = options.browser ?? ownBrowser!
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 820 },
    locale: 'zh-CN',
    deviceScaleFactor: 1,
  })
  const transport = options.transport ?? 'http'
  if (transport === 'expose-function') {
    // Values cross as JSON text, which Playwright passes far faster than an object graph.
    await context.exposeFunction('__workbenchInvoke', async (operation: unknown, input: string) =>
      JSON.stringify(await session.dispatch(operation, JSON.parse(input))),
    )
  }
  // Code passed to the page is serialised from this file; when it runs under tsx (benchmarks),
  // esbuild has wrapped named functions in a __name() helper that the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (target) => target' })
  // The same shape the preload exposes: one function per contract operation, plus events.
  await context.addInitScript(({ names, rpcPath }: { names: string[]; rpcPath: string }) => {
    type Listener = (event: unknown) => void
    const exposed = (globalThis as unknown as { __workbenchInvoke?: (n: string, i: string) => Promise<string> })
      .__workbenchInvoke
    const invoke = async (operation: string, input: unknown): Promise<unknown> => {
      const body = JSON.stringify(input ?? null)
      if (exposed) return JSON.parse(await exposed(operation, body))
      const response = await fetch(rpcPath, { method: 'POST', body: `{"operation":${JSON.stringify(operation)},"input":${body}}` })
      return response.json()
    }
    const listeners = new Set<Listener>()
    Object.assign(globalThis, {
      workbench: Object.fromEntries(names.map((name) => [name, (input: unknown) => invoke(name, input)])),
      workbenchEvents: {
        subscribe(listener: Listener) {
          listeners.add(listener)
          return () => listeners.delete(listener)
        },
      },
      __workbenchEmit: (event: unknown) => listeners.forEach((listener) => listener(event)),
    })
  }, { names: operationNames as string[], rpcPath: RPC_PATH })

  const page = await context.newPage()
  emit = (event) => {
    void page
      .evaluate((payload) => (globalThis as unknown as { __workbenchEmit: (e: unknown) => void }).__workbenchEmit(payload), event)
      .catch(() => undefined)
  }
  await page.goto(url)

  return {
    page,
    context,
    session,
    dialogs,
    url,
    async close() {
      await context.close()
      await ownBrowser?.close()
      await new Promise((done) => server.close(done))
      await session.close()
    },
  }
}
