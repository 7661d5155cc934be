// The Electron shell: window, menu, dialogs, security policy. Everything it serves comes from
// WorkbenchSession, which runs (and is tested) in plain Node.
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BrowserWindow, Menu, app, dialog, session as electronSession } from 'electron'
import type { Locale } from '../shared/model'
import { bindContractToIpc, sendEvent } from './ipc'
import { WorkbenchSession, type Dialogs } from './services/workbench-session'

// Tests and portable setups can point the app at their own user-data folder.
if (process.env.POLICY_WORKBENCH_USER_DATA) app.setPath('userData', process.env.POLICY_WORKBENCH_USER_DATA)

const here = dirname(fileURLToPath(import.meta.url))
const rendererFile = join(here, '../renderer/index.html')
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const seedsDir = app.isPackaged ? join(process.resourcesPath, 'seeds') : join(app.getAppPath(), 'seeds')
const recentFile = () => join(app.getPath('userData'), 'recent-workspace.json')

let mainWindow: BrowserWindow | null = null

function isAppPage(url: string): boolean {
  if (devServerUrl) return url.startsWith(devServerUrl)
  return url === pathToFileURL(rendererFile).href || url.startsWith(`${pathToFileURL(rendererFile).href}#`)
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

const workbench = new WorkbenchSession({
  seedsDir,
  dialogs,
  appInfo: { version: app.getVersion(), dataDir: app.getPath('userData') },
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

const menuTexts: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    file: '文件',
    newWorkspace: '新建工作区…',
    openWorkspace: '打开工作区…',
    importDocuments: '导入文档…',
    importAnnotations: '导入标注文件…',
    quit: '退出',
    edit: '编辑',
    view: '视图',
    help: '帮助',
    shortcuts: '快捷键',
    about: '关于',
  },
  en: {
    file: 'File',
    newWorkspace: 'New Workspace…',
    openWorkspace: 'Open Workspace…',
    importDocuments: 'Import Documents…',
    importAnnotations: 'Import Annotation Files…',
    quit: 'Quit',
    edit: 'Edit',
    view: 'View',
    help: 'Help',
    shortcuts: 'Keyboard Shortcuts',
    about: 'About',
  },
}
const menuText = () => menuTexts[workbench.locale]

function buildMenu(): void {
  const text = menuText()
  const command = (name: 'workspace.create' | 'workspace.open' | 'import.choose' | 'exchange.import' | 'help.shortcuts' | 'help.about') => () =>
    sendEvent(mainWindow?.webContents, { type: 'menu', command: name })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: text.file,
        submenu: [
          { label: text.newWorkspace, accelerator: 'CmdOrCtrl+Shift+N', click: command('workspace.create') },
          { label: text.openWorkspace, accelerator: 'CmdOrCtrl+O', click: command('workspace.open') },
          { type: 'separator' },
          { label: text.importDocuments, accelerator: 'CmdOrCtrl+I', click: command('import.choose') },
          { label: text.importAnnotations, click: command('exchange.import') },
          { type: 'separator' },
          { label: text.quit, role: 'quit' },
        ],
      },
      { label: text.edit, role: 'editMenu' },
      { label: text.view, submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { role: 'togglefullscreen' }] },
      {
        label: text.help,
        submenu: [
          // F1 opens the overview in the page itself (so it also works where there is no menu).
          { label: text.shortcuts, click: command('help.shortcuts') },
          { label: text.about, click: command('help.about') },
        ],
      },
    ]),
  )
}

function lockDownWebContents(): void {
  app.on('web-contents-created', (_, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
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
