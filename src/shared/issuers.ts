// Issuers as one name per body whatever the script: 廣州市科學技術局 and 广州市科学技术局 are one
// issuer in the filters (compare.ts matches them folded the same way).
import { foldForMatching, toSimplifiedScript } from './fold'

/** One name per folded issuer, the simplified spelling where a document uses it, sorted. */
export function foldedIssuers(issuers: ReadonlyArray<string | null>): string[] {
  const byKey = new Map<string, string>()
  for (const issuer of issuers) {
    if (!issuer) continue
    const key = foldForMatching(issuer)
    const known = byKey.get(key)
    if (known === undefined || (known !== toSimplifiedScript(known) && issuer === toSimplifiedScript(issuer))) byKey.set(key, issuer)
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'zh-CN'))
}
