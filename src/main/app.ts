// The Electron shell: window, menu, dialogs, security policy. Everything it serves comes from
// WorkbenchSession, which runs (and is tested) in plain Node.
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BrowserWindow, Menu, app, dialog, safeStorage, session as electronSession } from 'electron'
import { bindContractToIpc, sendEvent } from './ipc'
import { MENU_TEXTS, buildMenuTemplate, devToolsAllowed, isAppPageUrl, mayNavigate } from './shell-policy'
import { WorkbenchSession, type Dialogs } from './services/workbench-session'
import type { SyncSecrets } from './services/sync/sync-service'

// Tests and portable setups can point the app at their own user-data folder.
if (process.env.POLICY_WORKBENCH_USER_DATA) app.setPath('userData', process.env.POLICY_WORKBENCH_USER_DATA)

const here = dirname(fileURLToPath(import.meta.url))
const rendererFile = join(here, '../renderer/index.html')
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const seedsDir = app.isPackaged ? join(process.resourcesPath, 'seeds') : join(app.getAppPath(), 'seeds')
const recentFile = () => join(app.getPath('userData'), 'recent-workspace.json')

let mainWindow: BrowserWindow | null = null

function isAppPage(url: string): boolean {
  return isAppPageUrl(url, { devServerUrl, rendererFileUrl: pathToFileURL(rendererFile).href })
}

const dialogs: Dialogs = {
  async chooseFolder(purpose) {
    const result = await dialog.showOpenDialog(mainWindow!, {
      title: purpose === 'workspace.create' ? menuText().newWorkspace : menuText().openWorkspace,
      properties: ['openDirectory', 'createDirectory'],
    })
    return result.canceled ? null : (result.filePaths[0] ?? null)
  },
  async chooseFiles(purpose) {
    const annotations = purpose === 'annotations.import'
    const result = await dialog.showOpenDialog(mainWindow!, {
      title: annotations ? menuText().importAnnotations : menuText().importDocuments,
      properties: ['openFile', 'multiSelections'],
      filters: annotations
        ? [{ name: 'Annotations', extensions: ['json', 'csv', 'qdpx'] }]
        : [{ name: 'Documents', extensions: ['txt', 'docx', 'html', 'htm', 'pdf'] }],
    })
    return result.canceled ? [] : result.filePaths
  },
  async chooseSaveFile({ defaultName, extensions }) {
    const result = await dialog.showSaveDialog(mainWindow!, {
      defaultPath: defaultName,
      filters: [{ name: extensions.join(', '), extensions }],
    })
    return result.canceled ? null : (result.filePath ?? null)
  },
}

/**
 * Team-sync passwords, encrypted with the operating system's keychain (safeStorage) in the
 * user-data folder, never in a workspace. Where no keychain is available they are kept for this
 * run only, never written in clear.
 */
function keychainSecrets(): SyncSecrets {
  const file = () => join(app.getPath('userData'), 'sync-passwords.json')
  const session = new Map<string, string>()
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file(), 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
  return {
    async get(account) {
      if (session.has(account)) return session.get(account)!
      const sealed = (await read())[account]
      if (!sealed || !safeStorage.isEncryptionAvailable()) return null
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'))
      } catch {
        return null
      }
    },
    async set(account, password) {
      session.set(account, password)
      if (!safeStorage.isEncryptionAvailable()) return
      const all = await read()
      all[account] = safeStorage.encryptString(password).toString('base64')
      await writeFile(file(), JSON.stringify(all), { mode: 0o600 })
    },
  }
}

const workbench = new WorkbenchSession({
  seedsDir,
  dialogs,
  appInfo: { version: app.getVersion(), dataDir: app.getPath('userData') },
  syncSecrets: keychainSecrets(),
  onEvent: (event) => {
    sendEvent(mainWindow?.webContents, event)
    if (event.type === 'workspace-changed') void rememberWorkspace()
  },
})

async function rememberWorkspace(): Promise<void> {
  const dir = workbench.workspace?.dir
  if (dir) await writeFile(recentFile(), JSON.stringify({ dir })).catch(() => undefined)
}

async function lastWorkspaceDir(): Promise<string> {
  try {
    const { dir } = JSON.parse(await readFile(recentFile(), 'utf8')) as { dir?: unknown }
    if (typeof dir === 'string' && dir !== '') return dir
  } catch {
    // First start, or an unreadable note: fall back to the default workspace.
  }
  return join(app.getPath('userData'), 'workspace')
}

const menuText = () => MENU_TEXTS[workbench.locale]

function buildMenu(): void {
  const template = buildMenuTemplate({
    isPackaged: app.isPackaged,
    locale: workbench.locale,
    onCommand: (command) => sendEvent(mainWindow?.webContents, { type: 'menu', command }),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

function lockDownWebContents(): void {
  app.on('web-contents-created', (_, contents) => {
    // A redirect is a navigation too: both are refused, so the page holding the bridge stays.
    contents.on('will-navigate', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  electronSession.defaultSession.setPermissionRequestHandler((_, __, allow) => allow(false))
  electronSession.defaultSession.setPermissionCheckHandler(() => false)
}

async function createWindow(): Promise<void> {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: '政策文本标注工作台',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: devToolsAllowed(app.isPackaged),
    },
  })
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.on('closed', () => {
    mainWindow = null
  })
  if (devServerUrl) await mainWindow.loadURL(devServerUrl)
  else await mainWindow.loadFile(rendererFile)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })

  let flushed = false
  app.on('before-quit', (event) => {
    if (flushed) return
    event.preventDefault()
    void workbench.close().finally(() => {
      flushed = true
      app.quit()
    })
  })
  app.on('window-all-closed', () => app.quit())

  void app.whenReady().then(async () => {
    lockDownWebContents()
    await workbench.start(await lastWorkspaceDir())
    bindContractToIpc(workbench, isAppPage, (operation) => {
      if (operation === 'settings.update' || operation.startsWith('workspace.')) buildMenu()
    })
    buildMenu()
    await createWindow()
  })
}
