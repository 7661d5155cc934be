// `npm start` on a fresh clone: Electron's binary is not there yet. The start path must reach
// Electron's own download step (and, here, fail for lack of network with a plain message) — not
// stop at electron-vite's "Electron uninstall". It runs in a fresh temporary copy of the project
// whose node_modules/electron lacks the binary; the rest of node_modules is linked, not copied.
// Traffic never leaves loopback: Electron's mirror points at a loopback port nobody listens on.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { electronInstalled, explainDownloadFailure, olderThan } from '../../scripts/ensure-electron.mjs'
import { projectRoot, tempDir } from '../support/paths'

const realModules = join(projectRoot, 'node_modules')
const electronFiles = ['package.json', 'index.js', 'install.js', 'cli.js', 'checksums.json']

/** A copy of the project as a fresh clone has it after `npm ci`: everything but Electron's binary. */
async function freshClone(): Promise<string> {
  const dir = await tempDir('fresh-clone')
  for (const file of readdirSync(projectRoot).filter((name) => name === 'package.json' || /^(tsconfig.*\.json|electron\.vite\.config\.ts)$/.test(name))) {
    copyFileSync(join(projectRoot, file), join(dir, file))
  }
  // The start step resolves Electron from where it lies, so it is copied; sources are linked.
  cpSync(join(projectRoot, 'scripts'), join(dir, 'scripts'), { recursive: true })
  for (const folder of ['src', 'seeds']) symlinkSync(join(projectRoot, folder), join(dir, folder), 'dir')
  const modules = join(dir, 'node_modules')
  mkdirSync(join(modules, '.bin'), { recursive: true })
  for (const entry of readdirSync(realModules)) {
    if (entry === 'electron' || entry === 'electron-vite' || entry.startsWith('.')) continue
    symlinkSync(join(realModules, entry), join(modules, entry), 'dir')
  }
  // electron-vite is copied (176 KB), not linked: it looks for Electron from where it lies, and
  // a link would lead it to the real project's Electron.
  cpSync(join(realModules, 'electron-vite'), join(modules, 'electron-vite'), { recursive: true })
  symlinkSync('../electron-vite/bin/electron-vite.js', join(modules, '.bin/electron-vite'))
  const electron = join(modules, 'electron')
  mkdirSync(electron)
  for (const file of electronFiles) copyFileSync(join(realModules, 'electron', file), join(electron, file))
  symlinkSync(join(realModules, 'electron/node_modules'), join(electron, 'node_modules'), 'dir')
  return dir
}

/** A loopback port with nothing listening: a download there is refused at once. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

function offlineEnv(mirror: string, cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of Object.keys(env)) {
    if (/proxy|^electron_|^npm_config_electron|^ELECTRON_|^npm_config_registry/i.test(name)) delete env[name]
  }
  return {
    ...env,
    ELECTRON_MIRROR: mirror,
    // npm passes .npmrc's electron_mirror as npm_config_electron_mirror, which Electron's
    // downloader prefers to ELECTRON_MIRROR: pin both to loopback.
    npm_config_electron_mirror: mirror,
    electron_config_cache: cache,
    // npm itself stays offline too: no update check against the registry.
    npm_config_update_notifier: 'false',
    npm_config_offline: 'true',
  }
}

describe('npm start on a fresh clone', () => {
  let clone: string
  let mirror: string

  beforeAll(async () => {
    clone = await freshClone()
    mirror = `http://127.0.0.1:${await closedLoopbackPort()}/`
  })
  // Removes links, never what they point at.
  afterAll(() => rmSync(clone, { recursive: true, force: true }))

  it('reaches Electron’s download step and, without network, fails with a plain message (not "Electron uninstall")', { timeout: 60_000 }, () => {
    const result = spawnSync('npm', ['start'], {
      cwd: clone,
      env: offlineEnv(mirror, join(clone, 'electron-cache')),
      encoding: 'utf8',
      timeout: 50_000,
    })
    const output = `${result.stdout}\n${result.stderr}`
    expect(output).not.toContain('Electron uninstall')
    expect(output, output).toContain('Downloading Electron 45')
    // Electron's downloader itself ran and tried the (loopback) mirror.
    expect(output).toContain('@electron/get')
    expect(output).toContain('无法下载 Electron')
    expect(output).toContain('Could not download Electron')
    expect(output).toContain(`could not be reached (mirror ${mirror})`)
    expect(result.status).not.toBe(0)
    expect(existsSync(join(clone, 'node_modules/electron/path.txt'))).toBe(false)
  })

  it('asks the mirror for this Electron’s archive, and says so plainly when what comes back is not it', async () => {
    // A loopback mirror that answers every request with bytes that are not Electron.
    const requested: string[] = []
    const mirrorServer = createHttpServer((request, response) => {
      requested.push(request.url ?? '')
      response.end('not an electron archive')
    })
    await new Promise<void>((resolve) => mirrorServer.listen(0, '127.0.0.1', resolve))
    const { port } = mirrorServer.address() as { port: number }
    try {
      const child = spawn(process.execPath, [join(clone, 'scripts/ensure-electron.mjs')], {
        cwd: clone,
        env: offlineEnv(`http://127.0.0.1:${port}/`, join(clone, 'electron-cache-2')),
      })
      let output = ''
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code).toBe(1)
      expect(requested.some((url) => /\/v?45\.4\.1\/electron-v45\.4\.1-(linux|darwin|win32)-[a-z0-9]+\.zip$/.test(url)), requested.join(', ')).toBe(true)
      expect(output).toContain('下载的文件校验失败')
      expect(output).toContain('failed its checksum')
      expect(existsSync(join(clone, 'node_modules/electron/path.txt'))).toBe(false)
    } finally {
      await new Promise((resolve) => mirrorServer.close(resolve))
    }
  })

  it('with the binary in place, the step does nothing and needs no network', () => {
    const electron = join(clone, 'node_modules/electron')
    mkdirSync(join(electron, 'dist'), { recursive: true })
    const binary = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron'
    mkdirSync(join(electron, 'dist', binary, '..'), { recursive: true })
    writeFileSync(join(electron, 'dist', binary), '')
    writeFileSync(join(electron, 'dist/version'), 'v45.4.1')
    writeFileSync(join(electron, 'path.txt'), binary)
    expect(electronInstalled(electron)).toBe(true)
    const result = spawnSync(process.execPath, [join(clone, 'scripts/ensure-electron.mjs')], {
      cwd: clone,
      env: offlineEnv(mirror, join(clone, 'electron-cache')),
      encoding: 'utf8',
    })
    expect(result.stdout + result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})

describe('the download failure, explained', () => {
  const base = { electronVersion: '45.4.1', nodeRange: '>= 22.12.0' }

  it('names an old Node as a cause when it is older than the downloader requires', () => {
    expect(olderThan('20.20.2', '>= 22.12.0')).toBe(true)
    expect(olderThan('22.12.0', '>= 22.12.0')).toBe(false)
    expect(olderThan('24.1.0', '>= 22.12.0')).toBe(false)
    const old = explainDownloadFailure({ ...base, output: 'TypeError: fetch failed', nodeVersion: '20.20.2', env: {} }).join('\n')
    expect(old).toContain('Node 20.20.2 is older than')
    expect(old).toContain('低于 Electron 下载程序要求的版本（>= 22.12.0）')
    const recent = explainDownloadFailure({ ...base, output: 'TypeError: fetch failed', nodeVersion: '22.14.0', env: {} }).join('\n')
    expect(recent).not.toContain('older than')
    expect(recent).toContain('could not be reached')
  })

  it('says a set proxy is ignored unless the downloader is told to use it', () => {
    const lines = explainDownloadFailure({ ...base, output: 'fetch failed', nodeVersion: '22.14.0', env: { HTTPS_PROXY: 'http://127.0.0.1:3128' } }).join('\n')
    expect(lines).toContain('A proxy is set (HTTPS_PROXY)')
    expect(lines).toContain('ELECTRON_GET_USE_PROXY=1')
    const using = explainDownloadFailure({ ...base, output: 'fetch failed', nodeVersion: '22.14.0', env: { HTTPS_PROXY: 'x', ELECTRON_GET_USE_PROXY: '1' } }).join('\n')
    expect(using).not.toContain('A proxy is set')
  })

  it('tells a refusing mirror from an unreachable one', () => {
    const refused = explainDownloadFailure({ ...base, output: 'HTTPError: Response code 404 (Not Found)', nodeVersion: '22.14.0', env: { ELECTRON_MIRROR: 'http://127.0.0.1:1/' } }).join('\n')
    expect(refused).toContain('refused the request (mirror http://127.0.0.1:1/: check its address)')
    expect(refused).not.toContain('could not be reached')
  })
})
