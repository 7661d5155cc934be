#!/usr/bin/env node
// `npm start`'s first step (prestart). Electron ≥ 42 downloads its binary the first time its
// package is required, but `electron-vite preview` looks for node_modules/electron/path.txt
// itself and stops with "Electron uninstall" when it is absent — so on a fresh clone the app
// never got as far as asking Electron to download. This step lets Electron's own downloader
// (node_modules/electron/install.js) fetch the binary when it is missing and, when that fails,
// says why in plain words, in Chinese and English, and exits non-zero.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** Electron's package folder as the project resolves it. */
export function electronPackageDir(projectDir = join(here, '..')) {
  return dirname(createRequire(join(projectDir, 'package.json')).resolve('electron/package.json'))
}

/** The binary's path relative to dist/, as Electron's install.js names it. */
function platformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron'
  if (platform === 'win32') return 'electron.exe'
  return 'electron'
}

/** Whether Electron's binary is in place the way electron-vite and Electron's index.js look for it. */
export function electronInstalled(electronDir) {
  try {
    const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))
    const recorded = readFileSync(join(electronDir, 'path.txt'), 'utf8')
    const distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '')
    return recorded === platformPath() && distVersion === version && existsSync(join(electronDir, 'dist', recorded))
  } catch {
    return false
  }
}

function parseVersion(text) {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(text ?? '')
  return match ? match.slice(1, 4).map(Number) : null
}

/** Whether `version` is older than the minimum in an engines range such as ">= 22.12.0". */
export function olderThan(version, range) {
  const have = parseVersion(version)
  const need = parseVersion(range)
  if (!have || !need) return false
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i] < need[i]
  return false
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

/**
 * The plain explanation of a failed download: what the downloader printed, sorted into the
 * causes a person can act on. Returns lines, Chinese first, then English.
 */
export function explainDownloadFailure({ output, nodeVersion, nodeRange, electronVersion, env }) {
  const zh = [`无法下载 Electron ${electronVersion}（首次启动需要联网下载一次，之后不再联网）。`]
  const en = [`Could not download Electron ${electronVersion} (the first start downloads it once; the app never goes online afterwards).`]
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ECONNRESET|fetch failed|getaddrinfo|socket hang up|UND_ERR/i.test(output)) {
    zh.push(`原因：连不上下载服务器${mirror ? `（镜像 ${mirror}）` : ''}——没有网络，或网络拦截了下载。请联网后再运行 npm start。`)
    en.push(`Cause: the download server could not be reached${mirror ? ` (mirror ${mirror})` : ''} — no network, or the network blocks it. Connect and run npm start again.`)
  } else if (/HTTPError|status code \d{3}|\b40[34]\b|Response code/i.test(output)) {
    zh.push(`原因：下载服务器拒绝了请求${mirror ? `（镜像 ${mirror}，请检查地址）` : ''}。`)
    en.push(`Cause: the download server refused the request${mirror ? ` (mirror ${mirror}: check its address)` : ''}.`)
  } else if (/checksum|sha256/i.test(output)) {
    zh.push('原因：下载的文件校验失败（文件不完整或被篡改）。请重试。')
    en.push('Cause: the downloaded file failed its checksum (incomplete or altered). Try again.')
  } else {
    zh.push('原因：Electron 的下载程序报错（见上方输出）。')
    en.push("Cause: Electron's downloader failed (see its output above).")
  }
  const proxy = PROXY_VARIABLES.find((name) => env[name])
  if (proxy && !env.ELECTRON_GET_USE_PROXY) {
    zh.push(`已设置代理 ${proxy}，但 Electron 的下载程序默认不走代理：请设置 ELECTRON_GET_USE_PROXY=1 后重试。`)
    en.push(`A proxy is set (${proxy}) but Electron's downloader ignores it unless ELECTRON_GET_USE_PROXY=1 is set: set it and try again.`)
  } else if (!proxy) {
    zh.push('如需通过代理下载：设置 HTTPS_PROXY 和 ELECTRON_GET_USE_PROXY=1；或用 ELECTRON_MIRROR 指向可用的镜像。')
    en.push('Behind a proxy: set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1; or point ELECTRON_MIRROR at a mirror you can reach.')
  }
  if (olderThan(nodeVersion, nodeRange)) {
    zh.push(`注意：当前 Node ${nodeVersion} 低于 Electron 下载程序要求的版本（${nodeRange}）。请升级 Node 后重试。`)
    en.push(`Note: Node ${nodeVersion} is older than Electron's downloader requires (${nodeRange}). Upgrade Node and try again.`)
  }
  return [...zh, '', ...en]
}

export function ensureElectron({ electronDir = electronPackageDir(), env = process.env, log = console.log, error = console.error } = {}) {
  if (env.ELECTRON_EXEC_PATH && existsSync(env.ELECTRON_EXEC_PATH)) return 0
  if (electronInstalled(electronDir)) return 0
  const electronPackage = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror
  log(`正在下载 Electron ${electronPackage.version}（仅首次启动）… / Downloading Electron ${electronPackage.version} (first start only)${mirror ? ` from ${mirror}` : ''}…`)
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  const output = `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
  if (result.status === 0 && electronInstalled(electronDir)) {
    log(`Electron ${electronPackage.version} 已就绪 / is ready.`)
    return 0
  }
  if (output.trim() !== '') error(output.trim())
  error('')
  error(
    explainDownloadFailure({
      output,
      nodeVersion: process.versions.node,
      nodeRange: electronPackage.engines?.node ?? '',
      electronVersion: electronPackage.version,
      env,
    }).join('\n'),
  )
  return 1
}

// Run as a script (also through a symlink), not when a test imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = ensureElectron()
}
