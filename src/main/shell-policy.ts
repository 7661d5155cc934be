// The Electron shell's decisions that need no Electron: the menu for a packaged or a development
// build, the page's Content Security Policy, and which URLs the window may show. app.ts applies
// them; keeping them here lets plain unit tests check them.
import type { Locale } from '../shared/model'

/**
 * The renderer's CSP, injected into index.html's meta tag at build time. A meta CSP ignores
 * `frame-ancestors`, `report-uri` and `sandbox` (they take effect only as HTTP headers, and a
 * file:// page has none), so none of them is listed: a directive that looks enforced but is not
 * would only mislead a reviewer. The page loads its own bundle and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** Directives a `<meta http-equiv="Content-Security-Policy">` does not enforce (CSP Level 3, §3.3). */
export const META_IGNORED_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'] as const

/** The directives of a CSP that a meta tag would silently ignore. */
export function metaIgnoredDirectives(policy: string): string[] {
  return policy
    .split(';')
    .map((directive) => directive.trim().split(/\s+/)[0]?.toLowerCase() ?? '')
    .filter((name) => (META_IGNORED_DIRECTIVES as readonly string[]).includes(name))
}

export interface AppPageLocation {
  /** The dev server's URL under `electron-vite dev`, else undefined. */
  devServerUrl?: string
  /** file:// URL of the built index.html. */
  rendererFileUrl: string
}

/**
 * Whether a URL is the app's own page: the built index.html (with any #fragment), or a page of
 * the dev server's own origin. Compared as parsed URLs: a prefix test would let
 * http://localhost:5173.example.com pass for http://localhost:5173.
 */
export function isAppPageUrl(url: string, location: AppPageLocation): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (location.devServerUrl) {
    try {
      return parsed.origin === new URL(location.devServerUrl).origin
    } catch {
      return false
    }
  }
  const page = new URL(location.rendererFileUrl)
  return parsed.protocol === 'file:' && parsed.pathname === page.pathname && parsed.search === '' && parsed.host === page.host
}

/**
 * Whether the window may navigate (or be redirected) to a URL. The app is one page that never
 * navigates: every link in it is handled by the renderer, and a navigation away — a dropped file
 * Chromium would open, a link in an imported document, a redirect — would leave a page that has
 * the contract's bridge. So every navigation and redirect is refused.
 */
export function mayNavigate(_url: string): boolean {
  return false
}

export type MenuRole = 'quit' | 'editMenu' | 'reload' | 'forceReload' | 'toggleDevTools' | 'togglefullscreen'

/** A menu entry, shaped like Electron's MenuItemConstructorOptions (without importing Electron). */
export interface MenuEntry {
  label?: string
  role?: MenuRole
  type?: 'separator'
  accelerator?: string
  click?: () => void
  submenu?: MenuEntry[]
}

export type MenuCommand = 'workspace.create' | 'workspace.open' | 'import.choose' | 'exchange.import' | 'help.shortcuts' | 'help.about'

export const MENU_TEXTS: Record<Locale, Record<'file' | 'newWorkspace' | 'openWorkspace' | 'importDocuments' | 'importAnnotations' | 'quit' | 'edit' | 'view' | 'help' | 'shortcuts' | 'about', string>> = {
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

/**
 * The application menu. A packaged build has no Reload (it would drop unsaved UI state and
 * re-run start-up against an open workspace) and no DevTools (a console in a user's hands
 * reaches the contract's bridge); a development build keeps both.
 */
export function buildMenuTemplate(options: {
  isPackaged: boolean
  locale: Locale
  onCommand: (command: MenuCommand) => void
}): MenuEntry[] {
  const text = MENU_TEXTS[options.locale]
  const command = (name: MenuCommand) => () => options.onCommand(name)
  const view: MenuEntry[] = options.isPackaged
    ? [{ role: 'togglefullscreen' }]
    : [{ role: 'reload' }, { role: 'toggleDevTools' }, { role: 'togglefullscreen' }]
  return [
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
    { label: text.view, submenu: view },
    {
      label: text.help,
      submenu: [
        // F1 opens the overview in the page itself (so it also works where there is no menu).
        { label: text.shortcuts, click: command('help.shortcuts') },
        { label: text.about, click: command('help.about') },
      ],
    },
  ]
}

/** Whether the window's DevTools may open at all (webPreferences.devTools). */
export function devToolsAllowed(isPackaged: boolean): boolean {
  return !isPackaged
}
