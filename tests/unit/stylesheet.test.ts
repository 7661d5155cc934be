// The stylesheet is plain CSS without nesting. Chromium accepts nested rules, so a lost closing
// brace (easy to make when two changes meet in the file) silently turns every later rule into a
// descendant of the one left open, and nothing else fails: this test does.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../support/paths'

function nestedRules(css: string): string[] {
  const problems: string[] = []
  const open: string[] = []
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
  let selector = ''
  for (const char of withoutComments) {
    if (char === '{') {
      const name = selector.trim()
      const parent = open.at(-1)
      if (parent !== undefined && !parent.startsWith('@')) problems.push(`${name} inside ${parent}`)
      open.push(name)
      selector = ''
    } else if (char === '}') {
      if (open.pop() === undefined) problems.push('a closing brace without an opening one')
      selector = ''
    } else if (char === ';') selector = ''
    else selector += char
  }
  for (const name of open) problems.push(`${name} is never closed`)
  return problems
}

describe('styles.css', () => {
  it('finds a rule left open (the check itself)', () => {
    expect(nestedRules('.a { color: red;\n.b { color: blue; }')).toEqual(['.b inside .a', '.a is never closed'])
    expect(nestedRules('@media (width > 1px) { .a { color: red; } }')).toEqual([])
  })

  it('has every rule closed, none nested in another', () => {
    const css = readFileSync(join(projectRoot, 'src/renderer/src/styles.css'), 'utf8')
    expect(nestedRules(css)).toEqual([])
  })
})
