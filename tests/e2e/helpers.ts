import { mkdtemp, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, type Page } from '@playwright/test'

export const screenshotDir = resolve(import.meta.dirname, '../../test-results/screenshots')

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `pwb-${prefix}-`))
}

/** Saves a screenshot for people to look at (README, review), not for pixel comparison. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true })
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) })
}

/** Drags the mouse across the nth occurrence of `quote` in the reader, as a user would. */
export async function dragSelect(page: Page, quote: string, occurrence = 0): Promise<void> {
  const box = await page.evaluate(
    ({ quote, occurrence }) => {
      const paragraphs = [...document.querySelectorAll<HTMLElement>('[data-testid="document-text"] p')]
      let seen = 0
      for (const paragraph of paragraphs) {
        const text = paragraph.firstChild as Text
        let at = text.data.indexOf(quote)
        while (at !== -1) {
          if (seen++ === occurrence) {
            paragraph.scrollIntoView({ block: 'center' })
            const caretAt = (offset: number) => {
              const range = document.createRange()
              range.setStart(text, offset)
              range.setEnd(text, offset + 1)
              return range.getClientRects()[0]
            }
            const first = caretAt(at)
            const last = caretAt(at + quote.length - 1)
            return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 }
          }
          at = text.data.indexOf(quote, at + 1)
        }
      }
      return null
    },
    { quote, occurrence },
  )
  if (!box) throw new Error(`not in the text: ${quote}`)
  await page.mouse.move(box.x1, box.y1)
  await page.mouse.down()
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 })
  await page.mouse.move(box.x2, box.y2, { steps: 4 })
  await page.mouse.up()
}

/** Opens a document from the library by part of its title. */
export async function openDocument(page: Page, titlePart: string): Promise<void> {
  await page.getByRole('button', { name: '文档库', exact: true }).click()
  await page.getByRole('cell', { name: titlePart, exact: false }).click()
  await expect(page.getByTestId('document-text')).toBeVisible()
}
