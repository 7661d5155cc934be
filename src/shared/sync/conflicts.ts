// Conflicts the CouchDB way (DESIGN §12): when a record changed on two machines, both revisions
// survive as leaves of its revision tree. Every replica picks the same winner with the same rule,
// so every machine shows the same version; the others are listed until the user resolves them.

export interface Leaf {
  rev: string
  deleted?: boolean
}

/** `3-abc…` → [3, 'abc…']. */
export function splitRev(rev: string): [number, string] {
  const dash = rev.indexOf('-')
  const position = Number(rev.slice(0, dash))
  if (dash <= 0 || !Number.isInteger(position) || position < 1) throw new Error(`not a revision: ${rev}`)
  return [position, rev.slice(dash + 1)]
}

/**
 * CouchDB's winner: a leaf that is not a deletion beats one that is; then the longer edit history
 * (the higher revision number); then the greater revision hash, compared as a string. Returns the
 * winner and the other leaves, in the order the rule ranks them.
 */
export function chooseWinner<L extends Leaf>(leaves: readonly L[]): { winner: L; losers: L[] } {
  if (leaves.length === 0) throw new Error('a document has at least one leaf')
  const ranked = [...leaves].sort((a, b) => {
    if (Boolean(a.deleted) !== Boolean(b.deleted)) return a.deleted ? 1 : -1
    const [positionA, hashA] = splitRev(a.rev)
    const [positionB, hashB] = splitRev(b.rev)
    if (positionA !== positionB) return positionB - positionA
    return hashA < hashB ? 1 : hashA > hashB ? -1 : 0
  })
  return { winner: ranked[0], losers: ranked.slice(1).filter((leaf) => !leaf.deleted) }
}
