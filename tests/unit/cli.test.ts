import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { cli } from './run-cli'
import { loadSeedFixture, projectRoot, tempDir } from '../support/paths'

interface ListedDocument {
  id: string
  sha256: string
  title: string
  year: number
  chars: number
}

describe('policy-workbench CLI', () => {
  it('init --with-seeds then list prints the five seeds with sha256, title, year and characters', async () => {
    const ws = join(await tempDir('cli'), 'ws')
    const init = await cli('init', ws, '--with-seeds', '--json')
    expect(init.code).toBe(0)
    const listed = await cli('list', ws, '--json')
    expect(listed.code).toBe(0)
    const { documents } = JSON.parse(listed.stdout) as { documents: ListedDocument[] }
    expect(documents).toHaveLength(5)
    for (const doc of documents) {
      expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(doc.id).toBe(doc.sha256.slice(0, 16))
      expect(doc.title).toMatch(/\p{Script=Han}{6,}/u)
      expect(doc.chars).toBeGreaterThan(5000)
    }
    expect(documents.map((doc) => doc.year).sort()).toEqual(loadSeedFixture().documents.map((doc) => doc.year).sort())
  })

  it('imports UTF-8 and GBK files, reports duplicates and failures per file, exit 1 when one failed', async () => {
    const dir = await tempDir('cli-import')
    const ws = join(dir, 'ws')
    expect((await cli('init', ws)).code).toBe(0)
    await writeFile(join(dir, 'a.txt'), '广州市科学技术局关于印发某某方案的通知\r\n2021年3月1日\r\n')
    // 广州市 in GBK: not UTF-8, imported as GB18030 (a superset of GBK).
    await writeFile(join(dir, 'gbk.txt'), Buffer.from([0xb9, 0xe3, 0xd6, 0xdd, 0xca, 0xd0]))
    // Truly binary: the start of the Node executable, renamed .txt.
    await writeFile(join(dir, 'binary.txt'), (await readFile(process.execPath)).subarray(0, 64 * 1024))
    await writeFile(join(dir, 'empty.txt'), '  \n')
    const files = ['a.txt', 'a.txt', 'gbk.txt', 'binary.txt', 'empty.txt', 'missing.txt'].map((name) => join(dir, name))
    const result = await cli('import', ws, ...files, '--json', '--lang', 'en')
    expect(result.code).toBe(1)
    const { results } = JSON.parse(result.stdout) as { results: Array<{ status: string; id?: string; year?: number; chars?: number; error?: { code: string; message: string }; warnings?: string[] }> }
    expect(results.map((r) => r.status)).toEqual(['imported', 'duplicate', 'imported', 'failed', 'failed', 'failed'])
    expect(results[0]).toMatchObject({ year: 2021, warnings: ['applied normalize-line-endings'] })
    // Six bytes are too few to be sure of GBK: the import says so.
    expect(results[2]).toMatchObject({ chars: 3, encoding: 'gb18030', warnings: ['encoding-low-confidence'] })
    expect(results.slice(3).map((r) => r.error?.code)).toEqual(['FILE_BINARY', 'FILE_EMPTY', 'FILE_UNREADABLE'])
    expect(results[3].error?.message).toContain('is not a text file')
    const listed = JSON.parse((await cli('list', ws, '--json')).stdout) as { documents: unknown[] }
    expect(listed.documents).toHaveLength(2)
    expect(await readFile(join(ws, 'documents', `${results[2].id}.txt`), 'utf8')).toBe('广州市')
  })

  it('refuses a file over the size limit from its size alone, and imports the others', async () => {
    const dir = await tempDir('cli-limit')
    const ws = join(dir, 'ws')
    expect((await cli('init', ws)).code).toBe(0)
    const { truncate } = await import('node:fs/promises')
    await writeFile(join(dir, 'huge.txt'), '')
    await truncate(join(dir, 'huge.txt'), 3 * 1024 * 1024)
    await writeFile(join(dir, 'small.txt'), '广州市科学技术局关于某某事项的通知\n2021年3月1日\n')
    const result = await cli('import', ws, join(dir, 'huge.txt'), join(dir, 'small.txt'), '--max-mb', '2', '--json', '--lang', 'en')
    expect(result.code).toBe(1)
    const { results } = JSON.parse(result.stdout) as { results: Array<{ status: string; error?: { code: string; message: string } }> }
    expect(results.map((r) => r.status)).toEqual(['failed', 'imported'])
    expect(results[0].error).toMatchObject({ code: 'FILE_TOO_LARGE' })
    expect(results[0].error?.message).toContain('the limit is 2 MB')
  })

  it.each([
    ['a missing folder', ['list', '/nonexistent/pwb-ws'], /Workspace folder not found/],
    ['a folder that is not a workspace', ['list', projectRoot], /not a workspace/],
    ['an unknown command', ['frobnicate'], /unknown command/],
    ['a missing argument', ['import'], /import takes/],
    ['an unknown option', ['list', '--colour'], /Unknown option/],
  ])('exits 1 with a clear message for %s', async (_, argv, message) => {
    const result = await cli(...argv, '--lang', 'en')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(message)
  })

  it('answers in Chinese when asked', async () => {
    const result = await cli('list', '/nonexistent/pwb-ws', '--lang', 'zh-CN')
    expect(result.stderr).toBe('找不到工作区文件夹：/nonexistent/pwb-ws')
  })

  it('runs as the installed bin', async () => {
    const ws = join(await tempDir('cli-bin'), 'ws')
    const run = promisify(execFile)
    const { stdout } = await run(process.execPath, [join(projectRoot, 'bin/policy-workbench.js'), 'init', ws, '--with-seeds', '--json'])
    expect((JSON.parse(stdout) as { documents: unknown[] }).documents).toHaveLength(5)
    const failed = await run(process.execPath, [join(projectRoot, 'bin/policy-workbench.js'), 'list', join(ws, 'nope')]).catch((error: { code: number }) => error)
    expect((failed as { code: number }).code).toBe(1)
  })
})
