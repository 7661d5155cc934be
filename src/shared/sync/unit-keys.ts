// A review decision names its unit by the sources and annotations it settled
// (`label|sourceId/annotationId,…`, see review.ts). Source ids are local: the analyst's own layer is
// `workspace` on her machine and `team-…` on the supervisor's. Decisions travel with the sources
// named portably instead (`@<user name>`), and each machine turns them back into its own ids, so a
// unit settled on one machine counts as settled on every other that reviews the same layers.
// An imported file is named by the sha256 of its bytes (`=<sha256>`): every machine that imported
// the same file (whose format carries annotation ids, so the ids agree too) reads the decision as
// its own; a machine without it keeps the name, which matches none of its sources.

const PORTABLE = '@'
const BY_CONTENT = '='

function splitKey(key: string): { label: string; members: Array<{ sourceId: string; annotationId: string }> } | null {
  const bar = key.lastIndexOf('|')
  if (bar <= 0) return null
  const members = key.slice(bar + 1).split(',').map((member) => {
    const slash = member.indexOf('/')
    return slash > 0 ? { sourceId: member.slice(0, slash), annotationId: member.slice(slash + 1) } : null
  })
  if (members.some((member) => member === null)) return null
  return { label: key.slice(0, bar), members: members as Array<{ sourceId: string; annotationId: string }> }
}

function mapKey(key: string, mapSource: (sourceId: string) => string): string {
  const parts = splitKey(key)
  if (!parts) return key
  const members = parts.members.map((member) => `${mapSource(member.sourceId)}/${member.annotationId}`).sort()
  return `${parts.label}|${members.join(',')}`
}

/**
 * `nameOf` gives the team member whose layer a local source is (null for an imported file),
 * `contentOf` the sha256 of an imported file's bytes (null when unknown).
 */
export function portableUnitKey(key: string, nameOf: (sourceId: string) => string | null, contentOf: (sourceId: string) => string | null = () => null): string {
  return mapKey(key, (sourceId) => portableSource(sourceId, nameOf, contentOf))
}

export function portableSource(sourceId: string, nameOf: (sourceId: string) => string | null, contentOf: (sourceId: string) => string | null = () => null): string {
  const name = nameOf(sourceId)
  if (name !== null) return `${PORTABLE}${encodeURIComponent(name)}`
  const content = contentOf(sourceId)
  return content === null ? sourceId : `${BY_CONTENT}${content}`
}

/**
 * `sourceOf` gives this machine's source id for a team member (its own `workspace` for the user),
 * `sourceOfContent` its imported source made from a file with that sha256 (null: none here).
 */
export function localUnitKey(key: string, sourceOf: (name: string) => string, sourceOfContent: (sha256: string) => string | null = () => null): string {
  return mapKey(key, (sourceId) => localSource(sourceId, sourceOf, sourceOfContent))
}

export function localSource(sourceId: string, sourceOf: (name: string) => string, sourceOfContent: (sha256: string) => string | null = () => null): string {
  if (sourceId.startsWith(BY_CONTENT)) return sourceOfContent(sourceId.slice(BY_CONTENT.length)) ?? sourceId
  if (!sourceId.startsWith(PORTABLE)) return sourceId
  try {
    return sourceOf(decodeURIComponent(sourceId.slice(PORTABLE.length)))
  } catch {
    return sourceId
  }
}
