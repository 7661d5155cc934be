// REFI-QDA project.qde (QDA-XML 1.0): the codebook (labels, and indicators under a parent that
// is not itself codable), one TextSource per document and one PlainTextSelection per span,
// positions in code points with an exclusive end. Attributes have no place in the standard, so
// they travel in the selection's Description (readable lines, then one machine line that our
// import reads back).
import { XMLParser } from 'fast-xml-parser'
import { AnnotationAttributesSchema, annotationStatuses, type Annotation, type AnnotationAttributes, type Indicator, type Label } from '../model'
import { makeOffsetConverter, type OffsetConverter } from '../offsets'
import { ExchangeError, lossList, parseJsonSafely, type BundleAnnotation, type BundleDocument, type ExchangeBundle, type ExportLoss } from './common'
import type { ExportDocument } from './native'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MACHINE_LINE = 'pwb:'

/** A GUID for any id: UUIDs are kept, other ids are hashed into the GUID shape (stable across exports). */
export function guidFor(id: string): string {
  if (UUID.test(id)) return id.toLowerCase()
  const parts = [0x811c9dc5, 0x01000193, 0x2545f491, 0x9e3779b9].map((seed) => {
    let hash = seed >>> 0
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0
    return hash.toString(16).padStart(8, '0')
  })
  const hex = parts.join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** Characters XML 1.0 cannot hold at all, even escaped. */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
}

function xml(text: string): string {
  let clean = text
  for (let i = 0; i < text.length; i++) {
    if (!isXmlChar(text.charCodeAt(i))) {
      clean = [...text].filter((char) => isXmlChar(char.charCodeAt(0))).join('')
      break
    }
  }
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function describe(annotation: Annotation, indicatorName: (key: string) => string): string {
  const { attributes } = annotation
  const lines: string[] = []
  if (attributes.indicator) lines.push(`指标 indicator: ${indicatorName(attributes.indicator)} (${attributes.indicator})`)
  if (attributes.value !== undefined) {
    lines.push(`数值 value: ${attributes.comparator ?? ''}${attributes.value}${attributes.valueMax !== undefined ? `–${attributes.valueMax}` : ''}${attributes.unit ?? ''}`)
  }
  if (attributes.periodYear !== undefined) lines.push(`所指年份 period year: ${attributes.periodYear}`)
  if (attributes.deadlineYear !== undefined) lines.push(`截止年份 deadline year: ${attributes.deadlineYear}`)
  if (attributes.note) lines.push(`备注 note: ${attributes.note}`)
  lines.push(`${MACHINE_LINE}${JSON.stringify({ label: annotation.label, status: annotation.status, attributes })}`)
  return lines.join('\n')
}

export interface QdeExport {
  xml: string
  /** Zip path → text, for the sources/ folder of the .qdpx. */
  texts: Map<string, string>
  losses: ExportLoss[]
}

export function buildQde(input: {
  projectName: string
  documents: readonly ExportDocument[]
  labels: readonly Label[]
  indicators: readonly Indicator[]
  annotator: string
  now?: string
}): QdeExport {
  const now = input.now ?? new Date().toISOString()
  const authors = new Set<string>([input.annotator || 'annotator'])
  for (const doc of input.documents) for (const annotation of doc.annotations) authors.add(annotation.author || input.annotator || 'annotator')
  const userGuid = (name: string) => guidFor(`user:${name}`)
  const labelGuid = (key: string) => guidFor(`label:${key}`)
  const indicatorGuid = (key: string) => guidFor(`indicator:${key}`)
  const usedIndicators = new Set<string>()
  for (const doc of input.documents) for (const annotation of doc.annotations) if (annotation.attributes.indicator) usedIndicators.add(annotation.attributes.indicator)
  const indicatorByKey = new Map(input.indicators.map((indicator) => [indicator.key, indicator]))
  const indicatorName = (key: string) => indicatorByKey.get(key)?.name ?? key
  const out: string[] = []
  out.push('<?xml version="1.0" encoding="utf-8"?>')
  out.push(`<Project xmlns="urn:QDA-XML:project:1.0" name="${xml(input.projectName)}" origin="Policy Annotation Workbench" creatingUserGUID="${userGuid(input.annotator || 'annotator')}" creationDateTime="${now}">`)
  out.push('<Users>')
  for (const name of authors) out.push(`<User guid="${userGuid(name)}" name="${xml(name)}"/>`)
  out.push('</Users>')
  out.push('<CodeBook><Codes>')
  for (const label of input.labels) {
    out.push(`<Code guid="${labelGuid(label.key)}" name="${xml(label.name['zh-CN'])}" isCodable="true" color="${label.color}"><Description>${xml(`label:${label.key}\n${label.name.en}`)}</Description></Code>`)
  }
  const indicators = input.indicators.filter((indicator) => usedIndicators.has(indicator.key))
  if (indicators.length > 0) {
    out.push(`<Code guid="${guidFor('indicators')}" name="指标 Indicators" isCodable="false">`)
    for (const indicator of indicators) {
      out.push(`<Code guid="${indicatorGuid(indicator.key)}" name="${xml(indicator.name)}" isCodable="true"><Description>${xml(`indicator:${indicator.key}\nunit: ${indicator.unit}\nhigherIsBetter: ${indicator.higherIsBetter}`)}</Description></Code>`)
    }
    out.push('</Code>')
  }
  out.push('</Codes></CodeBook>')
  // The schema wants at least one source inside <Sources>, so an empty export leaves it out.
  if (input.documents.length > 0) out.push('<Sources>')
  const texts = new Map<string, string>()
  let links = 0
  let renamed = 0
  let suggestions = 0
  let annotationCount = 0
  for (const { record, text, annotations } of input.documents) {
    const sourceGuid = guidFor(`document:${record.sha256}`)
    texts.set(`sources/${sourceGuid}.txt`, text)
    const offsets = makeOffsetConverter(text)
    out.push(`<TextSource guid="${sourceGuid}" name="${xml(record.title)}" plainTextPath="internal://${sourceGuid}.txt" creationDateTime="${record.importedAt}">`)
    out.push(`<Description>${xml(`sha256:${record.sha256}\nfile:${record.source.fileName}\nyear:${record.meta.year ?? ''}`)}</Description>`)
    for (const annotation of annotations) {
      const author = userGuid(annotation.author || input.annotator || 'annotator')
      annotationCount += 1
      links += annotation.links.length
      // A GUID made from an id that is no UUID cannot give the id back.
      if (guidFor(annotation.id) !== annotation.id) renamed += 1
      if (annotation.suggestion) suggestions += 1
      out.push(`<PlainTextSelection guid="${guidFor(annotation.id)}" name="${xml(annotation.quote.slice(0, 60))}" startPosition="${offsets.toCodePoint(annotation.start)}" endPosition="${offsets.toCodePoint(annotation.end)}" creatingUser="${author}" creationDateTime="${annotation.createdAt}">`)
      out.push(`<Description>${xml(describe(annotation, indicatorName))}</Description>`)
      out.push(`<Coding guid="${guidFor(`coding:${annotation.id}`)}" creatingUser="${author}"><CodeRef targetGUID="${labelGuid(annotation.label)}"/></Coding>`)
      if (annotation.attributes.indicator && indicatorByKey.has(annotation.attributes.indicator)) {
        out.push(`<Coding guid="${guidFor(`coding-indicator:${annotation.id}`)}" creatingUser="${author}"><CodeRef targetGUID="${indicatorGuid(annotation.attributes.indicator)}"/></Coding>`)
      }
      out.push('</PlainTextSelection>')
    }
    out.push('</TextSource>')
  }
  if (input.documents.length > 0) out.push('</Sources>')
  out.push('</Project>')
  // Attributes and statuses come back from the description's machine line; QDA-XML has no
  // place for a last change, links between selections or a proposal's confidence.
  const losses = lossList({ id: renamed, updatedAt: annotationCount, links, suggestion: suggestions })
  return { xml: out.join('\n'), texts, losses }
}

type XmlNode = Record<string, unknown>

function asArray(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return []
  return (Array.isArray(value) ? value : [value]) as XmlNode[]
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value && typeof value === 'object' && '#text' in value) return String((value as XmlNode)['#text'])
  return ''
}

interface SelectionContext {
  row: number
  guid: string
  text: string | null
  offsets: OffsetConverter | null
  fileName: string
  users: ReadonlyMap<string, string>
  codeLabel: ReadonlyMap<string, string>
  codeIndicator: ReadonlyMap<string, string>
  codeName: ReadonlyMap<string, string>
}

/** One PlainTextSelection; what is wrong with it goes into `invalid`, so the file still imports. */
function readSelection(selection: XmlNode, context: SelectionContext): BundleAnnotation {
  const { row, guid, text, offsets, fileName, users, codeLabel, codeIndicator, codeName } = context
  let invalid: BundleAnnotation['invalid']
  const start = Number(selection['@_startPosition'])
  const end = Number(selection['@_endPosition'])
  const codings = asArray(selection.Coding).map((coding) => String((coding.CodeRef as XmlNode | undefined)?.['@_targetGUID'] ?? '').toLowerCase())
  const selectionText = textOf(selection.Description)
  const machine = selectionText.split('\n').find((line) => line.startsWith(MACHINE_LINE))
  let attributes: AnnotationAttributes = {}
  let label = codings.map((code) => codeLabel.get(code)).find(Boolean) ?? ''
  let status: BundleAnnotation['status']
  if (machine) {
    let carried: unknown = null
    try {
      carried = parseJsonSafely(machine.slice(MACHINE_LINE.length), fileName)
    } catch (error) {
      if (error instanceof ExchangeError && error.code === 'EXCHANGE_UNSAFE_KEY') throw error
    }
    if (carried === null || typeof carried !== 'object' || Array.isArray(carried)) {
      invalid = { reason: 'invalid-attributes', detail: `${MACHINE_LINE} line is not a JSON object` }
    } else {
      const fields = carried as { label?: unknown; status?: unknown; attributes?: unknown }
      const parsed = AnnotationAttributesSchema.safeParse(fields.attributes ?? {})
      if (parsed.success) attributes = parsed.data
      else {
        const issue = parsed.error.issues[0]
        invalid = { reason: 'invalid-attributes', detail: `attributes.${issue.path.join('.')}: ${issue.message}` }
      }
      if (!label && typeof fields.label === 'string') label = fields.label
      if (typeof fields.status === 'string' && (annotationStatuses as readonly string[]).includes(fields.status)) status = fields.status as BundleAnnotation['status']
    }
  } else if (selectionText.trim()) {
    attributes = { note: selectionText.slice(0, 10_000) }
  }
  // A code that is no label of ours keeps its name, so the import report can say which.
  if (!label) label = codings.filter((code) => !codeIndicator.has(code)).map((code) => codeName.get(code)).find(Boolean) ?? ''
  const indicator = codings.map((code) => codeIndicator.get(code)).find(Boolean)
  if (indicator && !attributes.indicator) attributes = { ...attributes, indicator }
  const valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end >= start
  // Positions count in the file's own text: past its end they name nothing.
  const inText = !offsets || !valid || end <= offsets.codePointLength
  if (!inText) invalid ??= { reason: 'span-invalid', detail: `${start}–${end} > ${offsets!.codePointLength}` }
  const quote = offsets && valid && inText ? text!.slice(offsets.toUtf16(start), offsets.toUtf16(end)) : String(selection['@_name'] ?? '')
  const creator = selection['@_creatingUser'] ? users.get(String(selection['@_creatingUser']).toLowerCase()) : undefined
  return {
    row,
    document: guid,
    ...(selection['@_guid'] !== undefined ? { id: String(selection['@_guid']) } : {}),
    label,
    ...(valid ? { start, end } : {}),
    quote,
    attributes,
    ...(status ? { status } : {}),
    ...(creator ? { author: creator } : {}),
    ...(selection['@_creationDateTime'] ? { createdAt: String(selection['@_creationDateTime']) } : {}),
    ...(invalid ? { invalid } : {}),
  }
}

/**
 * Reads a project.qde. `readText` gives the text of a source's plainTextPath (internal:// paths
 * are looked up in the archive's sources/ folder by main), or null when the archive lacks it.
 */
export function parseQde(raw: string, fileName: string, readText: (path: string) => string | null, labels: readonly Label[]): ExchangeBundle {
  if (/<!DOCTYPE|<!ENTITY/i.test(raw)) {
    throw new ExchangeError('EXCHANGE_INVALID', { path: fileName, reason: 'project.qde declares a DOCTYPE or entities' })
  }
  let root: XmlNode
  try {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseAttributeValue: false, parseTagValue: false, trimValues: false })
    root = parser.parse(raw) as XmlNode
  } catch (error) {
    throw new ExchangeError('EXCHANGE_INVALID', { path: fileName, reason: (error as Error).message })
  }
  const project = root.Project as XmlNode | undefined
  if (!project) throw new ExchangeError('EXCHANGE_INVALID', { path: fileName, reason: 'no <Project> element' })
  const users = new Map(asArray((project.Users as XmlNode | undefined)?.User).map((user) => [String(user['@_guid']).toLowerCase(), String(user['@_name'] ?? '')]))
  // Codes: ours say which label or indicator they stand for; others are matched by name.
  const codeLabel = new Map<string, string>()
  const codeIndicator = new Map<string, string>()
  const codeName = new Map<string, string>()
  const indicators: Indicator[] = []
  const visit = (codes: XmlNode[]) => {
    for (const code of codes) {
      const guid = String(code['@_guid']).toLowerCase()
      const name = String(code['@_name'] ?? '')
      const description = textOf(code.Description)
      codeName.set(guid, name)
      const labelKey = /^label:(.+)$/m.exec(description)?.[1]?.trim()
      const indicatorKey = /^indicator:(.+)$/m.exec(description)?.[1]?.trim()
      if (labelKey) codeLabel.set(guid, labelKey)
      else if (indicatorKey) {
        codeIndicator.set(guid, indicatorKey)
        indicators.push({
          key: indicatorKey,
          name,
          aliases: [],
          unit: /^unit: (.*)$/m.exec(description)?.[1] ?? '',
          higherIsBetter: /^higherIsBetter: false$/m.test(description) ? false : true,
        })
      } else {
        const known = labels.find((label) => label.key === name || label.name['zh-CN'] === name || label.name.en === name)
        if (known) codeLabel.set(guid, known.key)
      }
      visit(asArray(code.Code))
    }
  }
  visit(asArray(((project.CodeBook as XmlNode | undefined)?.Codes as XmlNode | undefined)?.Code))
  const documents: BundleDocument[] = []
  const annotations: BundleAnnotation[] = []
  let row = 0
  for (const source of asArray((project.Sources as XmlNode | undefined)?.TextSource)) {
    const guid = String(source['@_guid']).toLowerCase()
    const description = textOf(source.Description)
    const path = String(source['@_plainTextPath'] ?? '')
    const text = textOf(source.PlainTextContent) || (path ? readText(path) : null)
    const sha256 = /^sha256:([0-9a-f]{64})$/m.exec(description)?.[1]
    const originalName = /^file:(.+)$/m.exec(description)?.[1]
    documents.push({
      id: guid,
      ...(sha256 ? { sha256 } : {}),
      fileName: originalName ?? String(source['@_name'] ?? ''),
      title: String(source['@_name'] ?? ''),
      ...(text !== null && text !== '' ? { text } : {}),
    })
    const offsets = text ? makeOffsetConverter(text) : null
    for (const selection of asArray(source.PlainTextSelection)) {
      row += 1
      try {
        annotations.push(readSelection(selection, { row, guid, text, offsets, fileName, users, codeLabel, codeIndicator, codeName }))
      } catch (error) {
        // A refused key is a crafted file and refuses the whole file; anything else that
        // breaks on one selection is that row's problem, listed in the import report.
        if (error instanceof ExchangeError && error.code === 'EXCHANGE_UNSAFE_KEY') throw error
        annotations.push({
          row,
          document: guid,
          label: '',
          quote: String(selection['@_name'] ?? ''),
          attributes: {},
          invalid: { reason: 'span-invalid', detail: error instanceof Error ? error.message : String(error) },
        })
      }
    }
  }
  const authors = new Set(annotations.map((entry) => entry.author).filter(Boolean))
  return {
    format: 'qdpx',
    annotator: authors.size === 1 ? [...authors][0]! : '',
    labels: [],
    indicators,
    documents,
    annotations,
  }
}
