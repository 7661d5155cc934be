import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/main/services/app-error'
import { ImportPreviews } from '../../src/main/services/import-preview'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { gwrDir, seedsDir, tempDir } from '../support/paths'

const webCapture = join(seedsDir, '001_fa5698c1e2602520.txt')

describe('the import preview', () => {
  it('proposes the clean-up of a web capture and detects its metadata from the cleaned text', async () => {
    const previews = new ImportPreviews()
    const preview = await previews.add({ kind: 'path', path: webCapture }, 'zh-CN')
    expect(preview.cleanup.map((rule) => rule.ruleId)).toContain('web-navigation')
    const navigation = preview.cleanup.find((rule) => rule.ruleId === 'web-navigation')!
    expect(navigation.changes).toBeGreaterThan(0)
    expect(navigation.examples[0].before).toContain('手机版')
    expect(navigation.examples[0].after).not.toContain('手机版')
    expect(preview.excerpt.startsWith('手机版')).toBe(false)
    expect(preview.meta).toMatchObject({ year: 2017, docType: 'reply-to-npc-suggestion', docNumber: '穗科创函〔2017〕830号' })
  })

  it('applies the rules the analyst kept and records them', async () => {
    const previews = new ImportPreviews()
    const all = await previews.add({ kind: 'path', path: webCapture }, 'zh-CN')
    const cleaned = previews.take(all.token, { disabledRules: [] })
    expect(cleaned.text).not.toContain('手机版二维码')
    expect(cleaned.text).toContain('李鹰代表')
    expect(cleaned.cleanupApplied).toContain('web-navigation')

    const kept = await previews.add({ kind: 'path', path: webCapture }, 'zh-CN')
    const raw = previews.take(kept.token, { disabledRules: ['web-navigation', 'blank-line-runs'] })
    expect(raw.text).toContain('手机版二维码')
    expect(raw.cleanupApplied).not.toContain('web-navigation')
  })

  it('keeps the analyst’s corrections of the title and metadata', async () => {
    const dir = join(await tempDir('preview'), 'ws')
    const store = await createWorkspace(dir, null)
    try {
      const previews = new ImportPreviews()
      const preview = await previews.add({ kind: 'path', path: join(gwrDir, '2019_gwr_national.txt') }, 'en')
      expect(preview.cleanup.map((rule) => rule.ruleId)).toEqual(expect.arrayContaining(['licence-footer', 'wiki-line-breaks']))
      const [added] = await store.addDocuments([
        previews.take(preview.token, { disabledRules: [], title: '2019年国务院政府工作报告', meta: { issuer: '国务院', date: '2019-03-05' } }),
      ])
      expect(added.document.title).toBe('2019年国务院政府工作报告')
      expect(added.document.meta).toMatchObject({ issuer: '国务院', date: '2019-03-05', year: 2019, docType: 'government-work-report' })
      expect(added.document.cleanupApplied).toEqual(expect.arrayContaining(['licence-footer', 'wiki-line-breaks']))
      expect(await store.text(added.document.id)).not.toContain('本作品是中华人民共和国的')
    } finally {
      await store.close()
    }
  })

  it('reads dropped bytes, and re-reads them with the encoding the analyst picks', async () => {
    const text = await readFile(join(seedsDir, '004_7c649211ab158f35.txt'), 'utf8')
    const bytes = iconv.encode(text, 'gb18030')
    const previews = new ImportPreviews()
    const preview = await previews.add({ kind: 'bytes', fileName: 'reply.txt', bytes }, 'zh-CN')
    expect(preview.encoding).toBe('gb18030')
    expect(preview.excerpt).toContain('陶天权委员')
    const wrong = await previews.reencode(preview.token, 'big5', 'zh-CN')
    expect(wrong.encoding).toBe('big5')
    expect(wrong.excerpt).not.toContain('陶天权委员')
    const right = await previews.reencode(preview.token, 'gb18030', 'zh-CN')
    expect(previews.take(right.token, { disabledRules: [] }).text).toContain('陶天权委员')
  })

  it('refuses an unknown or used token', async () => {
    const previews = new ImportPreviews()
    const preview = await previews.add({ kind: 'path', path: webCapture }, 'en')
    previews.take(preview.token, { disabledRules: [] })
    expect(() => previews.take(preview.token, { disabledRules: [] })).toThrow(AppError)
  })
})
