// launchWorkbench(): the app as a test sees it, without the Electron binary. It runs the real
// main-process services (WorkbenchSession on a real workspace folder) in this Node process,
// serves the built renderer over a loopback http server to Debian's Chromium, and binds the
// API contract with page.exposeFunction, exactly where the preload would have put it.
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { operationNames, type WorkbenchEvent } from '../../src/shared/api'
import { WorkbenchSession, type Dialogs } from '../../src/main/services/workbench-session'
import type { StoreOptions } from '../../src/main/services/workspace-store'

const projectRoot = resolve(import.meta.dirname, '../..')
export const defaultRendererDir = join(projectRoot, 'out/renderer')
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

async function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
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

  const { server, url } = await serveStatic(rendererDir)
  const ownBrowser = options.browser ? null : await launchBrowser()
  const browser = options.browser ?? ownBrowser!
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 820 },
    locale: 'zh-CN',
    deviceScaleFactor: 1,
  })
  await context.exposeFunction('__workbenchInvoke', (operation: unknown, input: unknown) =>
    session.dispatch(operation, input),
  )
  // The same shape the preload exposes: one function per contract operation, plus events.
  await context.addInitScript((names: string[]) => {
    type Listener = (event: unknown) => void
    const invoke = (globalThis as unknown as { __workbenchInvoke: (n: string, i: unknown) => Promise<unknown> })
      .__workbenchInvoke
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
  }, operationNames as string[])

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
