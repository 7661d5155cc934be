// The installers' configuration (electron-builder.yml). Nothing here can build an installer (the
// first build downloads Electron for each platform), so the configuration is loaded with
// electron-builder's own loader, validated against its schema, and checked for what we rely on.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../support/paths'

interface TargetList {
  target?: Array<string | { target: string }>
  icon?: string
}
interface BuilderConfig {
  appId?: string
  productName?: string
  asar?: boolean
  npmRebuild?: boolean
  directories?: { output?: string; buildResources?: string }
  files?: Array<string | { filter?: string[] }>
  extraResources?: Array<{ from: string; to: string }>
  linux?: TargetList & { maintainer?: string }
  win?: TargetList
  extraMetadata?: Record<string, unknown>
  mac?: TargetList
}

// electron-builder's loader lives in its own dependency (app-builder-lib), resolved from it.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'))
const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string | null, fromOptions: null) => Promise<BuilderConfig>
  validateConfiguration: (config: BuilderConfig, logger: unknown) => Promise<void>
}
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  main: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

let config: BuilderConfig
beforeAll(async () => {
  config = await getConfig(projectRoot, null, null)
})

const targets = (list: TargetList | undefined) => (list?.target ?? []).map((t) => (typeof t === 'string' ? t : t.target))
const filePatterns = () => (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])))

describe('electron-builder configuration', () => {
  it('is found and matches electron-builder’s schema', async () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator is not a rubber stamp: a misspelt key is refused.
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targets: ['AppImage'] } as TargetList }, new DebugLogger(false))).rejects.toThrow(/configuration/)
  })

  it('targets Linux (AppImage, deb), Windows (NSIS) and macOS (dmg)', () => {
    expect(targets(config.linux).sort()).toEqual(['AppImage', 'deb'])
    expect(targets(config.win)).toEqual(['nsis'])
    expect(targets(config.mac)).toEqual(['dmg'])
  })

  it('packs the built app into an asar archive, and no sources, tests or dependencies by hand', () => {
    expect(config.asar).toBe(true)
    const patterns = filePatterns()
    expect(patterns).toContain('out/**')
    expect(packageJson.main.startsWith('out/')).toBe(true)
    for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
      expect(pattern, pattern).not.toMatch(/^(src|tests|seeds|node_modules|scripts|docs)\b|^\*\*/)
    }
  })

  it('ships no devDependencies: Electron and the build tools are dev-only, and nothing is rebuilt', () => {
    // electron-builder packs `dependencies` only; anything the build needs must not be one.
    for (const name of ['electron', 'electron-builder', 'electron-vite', 'vite', 'vitest', 'typescript', '@playwright/test', 'fast-check']) {
      expect(packageJson.devDependencies[name], name).toBeDefined()
      expect(packageJson.dependencies[name], name).toBeUndefined()
    }
    expect(config.npmRebuild).toBe(false)
  })

  it('leaves out only packages the app never loads from node_modules', () => {
    const excluded = filePatterns()
      .filter((pattern) => pattern.startsWith('!**/node_modules/'))
      .flatMap((pattern) => /\{([^}]*)\}/.exec(pattern)?.[1]?.split(',') ?? [])
    expect(excluded).toEqual(expect.arrayContaining(['react', 'echarts', 'tsx']))
    // Everything main, the preload and shared import from packages must be shipped.
    const imported = new Set<string>()
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walk(path)
        else if (/\.tsx?$/.test(entry.name)) {
          for (const match of readFileSync(path, 'utf8').matchAll(/(?:from |import\()'((?:@[^/']+\/)?[^/'.][^/']*)/g)) imported.add(match[1]!)
        }
      }
    }
    for (const dir of ['src/main', 'src/preload', 'src/shared']) walk(join(projectRoot, dir))
    expect(imported.size).toBeGreaterThan(5)
    for (const name of imported) {
      if (name.startsWith('node:') || name === 'electron') continue
      const scope = name.startsWith('@') ? name.split('/')[0]! : name
      expect(excluded.includes(name) || excluded.includes(scope), `${name} is imported by main but left out`).toBe(false)
      expect(packageJson.dependencies[name], `${name} must be a dependency to be shipped`).toBeDefined()
    }
  })

  it('gives what the .deb target requires: a project page and a maintainer', () => {
    // electron-builder's deb target (FpmTarget) stops without these; they come from package.json
    // or, merged into it, from extraMetadata.
    const metadata = { ...packageJson, ...(config.extraMetadata ?? {}) } as { homepage?: string; author?: { name?: string; email?: string } }
    expect(metadata.homepage).toMatch(/^https:\/\//)
    expect(config.linux?.maintainer ?? (metadata.author?.email ? 'author' : undefined)).toBeDefined()
  })

  it('every icon and resource it names exists; the seeds land where the shell reads them', () => {
    for (const platform of [config.linux, config.win, config.mac]) {
      const icon = join(projectRoot, platform?.icon ?? '')
      expect(existsSync(icon), icon).toBe(true)
      const png = readFileSync(icon)
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
      // electron-builder derives .icns and .ico from a PNG of at least 512×512.
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512)
    }
    expect(existsSync(join(projectRoot, config.directories?.buildResources ?? 'missing'))).toBe(true)
    for (const resource of config.extraResources ?? []) expect(existsSync(join(projectRoot, resource.from)), resource.from).toBe(true)
    expect(config.extraResources).toContainEqual({ from: 'seeds', to: 'seeds' })
    expect(readFileSync(join(projectRoot, 'src/main/app.ts'), 'utf8')).toContain("join(process.resourcesPath, 'seeds')")
  })

  it('`npm run dist` builds the app, then the installers', () => {
    expect(packageJson.scripts.dist).toBe('electron-vite build && electron-builder')
    expect(config.directories?.output).toBe('dist')
    expect(readFileSync(join(projectRoot, '.gitignore'), 'utf8')).toMatch(/^dist\/$/m)
  })
})
