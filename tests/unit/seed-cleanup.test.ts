// The sample corpus takes the same road as any import: the proposed clean-up, recorded on the document.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { locateQuote } from '../../src/shared/anchoring'
import { createWorkspace } from '../../src/main/services/workbench-session'
import { loadSeedFixture, seedsDir, tempDir } from '../support/paths'

describe('the seeds on first start', () => {
  it('are cleaned like any import and say so, and the cross-year quotes still resolve', async () => {
    const store = await createWorkspace(join(await tempDir('seed-cleanup'), 'ws'), seedsDir)
    try {
      const byFile = new Map(store.documents.map((doc) => [doc.source.fileName, doc]))
      const seed001 = byFile.get('001_fa5698c1e2602520.txt')!
      const seed003 = byFile.get('003_1da18392a39b6ff1.txt')!
      const text001 = await store.text(seed001.id)
      const text003 = await store.text(seed003.id)
      // The raw files still hold what the clean-up removes: the test checks the clean-up, not the file.
      expect(await readFile(join(seedsDir, '003_1da18392a39b6ff1.txt'), 'utf8')).toContain('**率先**')
      expect(text003).not.toContain('**')
      expect(text003).toContain('率先')
      expect(seed003.cleanupApplied).toEqual(expect.arrayContaining(['bold-markers', 'pdf-line-joins']))
      expect(text001.trimStart().startsWith('手机版')).toBe(false)
      expect(text001.slice(0, 200)).not.toContain('无障碍')
      expect(seed001.cleanupApplied).toContain('web-navigation')
      expect(text001.startsWith('广州市科技创新委员会关于市第十五届人大一次会议第20172212号代表建议答复的函')).toBe(true)
      // Titles come from the cleaned text, as in the import preview.
      expect(seed001.title).toBe('广州市科技创新委员会关于市第十五届人大一次会议第20172212号代表建议答复的函')

      const texts = new Map<string, string>()
      for (const [file, doc] of byFile) texts.set(file, await store.text(doc.id))
      for (const observation of loadSeedFixture().observations) {
        expect(locateQuote(texts.get(observation.file)!, observation.quote, 0).match, `${observation.file}: ${observation.quote}`).not.toBeNull()
      }
    } finally {
      await store.close()
    }
  })
})
