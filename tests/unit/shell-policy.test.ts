// The Electron shell's pure decisions (src/main/shell-policy.ts): menu per build, CSP, URLs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  buildMenuTemplate,
  devToolsAllowed,
  isAppPageUrl,
  mayNavigate,
  metaIgnoredDirectives,
  type MenuEntry,
} from '../../src/main/shell-policy'
import { projectRoot } from '../support/paths'

function roles(entries: MenuEntry[]): string[] {
  return entries.flatMap((entry) => [...(entry.role ? [entry.role] : []), ...roles(entry.submenu ?? [])])
}

describe('application menu', () => {
  it('a packaged build has neither Reload nor DevTools', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const found = roles(buildMenuTemplate({ isPackaged: true, locale, onCommand: () => undefined }))
      expect(found).not.toContain('reload')
      expect(found).not.toContain('forceReload')
      expect(found).not.toContain('toggleDevTools')
      expect(found).toContain('quit')
    }
    expect(devToolsAllowed(true)).toBe(false)
  })

  it('a development build keeps Reload and DevTools', () => {
    const found = roles(buildMenuTemplate({ isPackaged: false, locale: 'en', onCommand: () => undefined }))
    expect(found).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
    expect(devToolsAllowed(false)).toBe(true)
  })

  it('menu items send their command', () => {
    const sent: string[] = []
    const template = buildMenuTemplate({ isPackaged: true, locale: 'zh-CN', onCommand: (command) => sent.push(command) })
    const file = template[0]!.submenu!
    expect(file.map((entry) => entry.label)).toContain('导入文档…')
    file.forEach((entry) => entry.click?.())
    expect(sent).toEqual(['workspace.create', 'workspace.open', 'import.choose', 'exchange.import'])
  })
})

describe('content security policy', () => {
  it('the checker finds directives a meta CSP ignores', () => {
    expect(metaIgnoredDirectives("default-src 'self'; frame-ancestors 'none'; report-uri /r; sandbox")).toEqual([
      'frame-ancestors',
      'report-uri',
      'sandbox',
    ])
  })

  it('the policy has none of them and still locks scripts and objects to the app', () => {
    expect(metaIgnoredDirectives(CONTENT_SECURITY_POLICY)).toEqual([])
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  })

  it('index.html carries the policy only through the build-time placeholder', () => {
    const html = readFileSync(join(projectRoot, 'src/renderer/index.html'), 'utf8')
    const metas = [...html.matchAll(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/g)].map((match) => match[1]!)
    expect(metas).toEqual(['__WORKBENCH_CSP__'])
    const config = readFileSync(join(projectRoot, 'electron.vite.config.ts'), 'utf8')
    expect(config).toContain("html.replace('__WORKBENCH_CSP__', CONTENT_SECURITY_POLICY)")
  })
})

describe('navigation', () => {
  const rendererFileUrl = pathToFileURL('/opt/Policy Workbench/resources/app.asar/out/renderer/index.html').href

  it('the built page, with or without a fragment, is the app page', () => {
    expect(isAppPageUrl(rendererFileUrl, { rendererFileUrl })).toBe(true)
    expect(isAppPageUrl(`${rendererFileUrl}#/reader`, { rendererFileUrl })).toBe(true)
  })

  it('other files, queries, other schemes and malformed URLs are not', () => {
    for (const url of [
      pathToFileURL('/tmp/evil/index.html').href,
      `${rendererFileUrl}?x=1`,
      'https://example.com/',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isAppPageUrl(url, { rendererFileUrl }), url).toBe(false)
    }
  })

  it('the dev server is matched by origin, not by prefix', () => {
    const devServerUrl = 'http://localhost:5173'
    expect(isAppPageUrl('http://localhost:5173/', { devServerUrl, rendererFileUrl })).toBe(true)
    expect(isAppPageUrl('http://localhost:5173.example.com/', { devServerUrl, rendererFileUrl })).toBe(false)
    expect(isAppPageUrl('http://localhost:51730/', { devServerUrl, rendererFileUrl })).toBe(false)
  })

  it('no navigation or redirect is allowed, and the shell refuses both', () => {
    for (const url of [rendererFileUrl, 'https://example.com/', 'file:///etc/passwd']) expect(mayNavigate(url)).toBe(false)
    // app.ts cannot run without Electron; this checks it wires the decision to both events.
    const shell = readFileSync(join(projectRoot, 'src/main/app.ts'), 'utf8')
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(shell).toMatch(new RegExp(`contents\\.on\\('${event}', \\(event, url\\) => \\{\\s*if \\(!mayNavigate\\(url\\)\\) event\\.preventDefault\\(\\)`))
    }
    expect(shell).toContain('devTools: devToolsAllowed(app.isPackaged)')
    expect(shell).toContain('isPackaged: app.isPackaged')
  })
})
