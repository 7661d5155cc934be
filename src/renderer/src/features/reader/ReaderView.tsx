import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import type { DocumentSummary, DocumentWithText } from '../../../../shared/api'
import { IntervalIndex } from '../../../../shared/interval-index'
import type { Annotation, Indicator, Label } from '../../../../shared/model'
import { documentContext, extractAttributes } from '../../../../shared/extract'
import { WorkbenchError, call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { useAfterPaint } from '../../state/after-paint'
import { annotationStore, useAnnotationVersion } from '../../state/annotation-store'
import { useStableHandler } from '../../state/stable-handler'
import { AttributesPanel } from '../annotations/AttributesPanel'
import { sentenceStep, wordStep } from './caret-steps'
import { FindBar } from './FindBar'
import { FindHighlight, revealSpan, useFind, type Span } from './find'
import { HighlightLayer, highlightStyles } from './highlight-layer'
import { useFocusField } from './focus-field'
import { DeleteDocumentDialog, MetadataPanel, useLiveDocument } from './DocumentPanel'
import { SuggestBar } from './SuggestBar'
import { countByStatus, nextProposal, proposalsIn, visibleAnnotations, type SuggestFilter } from './suggestions'
import { proposalGroups, stops, withoutFolded, type ProposalGroup } from '../../../../shared/suggest/groups'
import { TextMap, paragraphsOf } from './text-map'
import { SideList, labelName } from './SideList'
import { DocumentParagraphs } from './DocumentParagraphs'

interface ReaderViewProps {
  documentId: string | null
  /** An annotation to select and scroll to when the document opens (from a table or a link). */
  focusAnnotationId: string | null
  /** With focusAnnotationId: the side panel's field to focus (data-field), e.g. the year it lacks. */
  focusField?: { field: string } | null
  /** A span to select and scroll to when the document opens (a search hit); a new object each time. */
  focusSpan: Span | null
  labels: Label[]
  indicators: Indicator[]
  documents: DocumentSummary[]
  readOnly: boolean
  onBack: () => void
  onError: (error: unknown) => void
  onOpenAnnotation: (documentId: string, annotationId: string) => void
  onIndicatorsChanged: () => void
}

interface Caret {
  anchor: number
  focus: number
}

interface Chooser {
  x: number
  y: number
  annotations: Annotation[]
}

const NO_ANNOTATIONS: readonly Annotation[] = []
const NO_GROUPS: readonly ProposalGroup[] = []
const WARM_UP_MAX_CHARACTERS = 50_000
const NO_KEYS: ReadonlySet<string> = new Set()
const NO_SPANS: readonly Span[] = []

export function ReaderView(props: ReaderViewProps) {
  const { documentId, focusAnnotationId, focusSpan, labels, readOnly, onBack, onError } = props
  const { t, docType, number, locale } = useI18n()
  const [loaded, setLoaded] = useState<DocumentWithText | null>(null)
  const [failedId, setFailedId] = useState<string | null>(null)
  const [caret, setCaret] = useState<Caret | null>(null)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [chooser, setChooser] = useState<Chooser | null>(null)
  const [caretBox, setCaretBox] = useState<{ left: number; top: number; height: number } | null>(null)
  const [suggestFilter, setSuggestFilter] = useState<SuggestFilter>({ label: '', minConfidence: 0 })
  // Sections whose proposed commitments are unfolded, and the folded group Tab stopped at.
  const [expandedGroups, setExpandedGroups] = useState<ReadonlySet<string>>(NO_KEYS)
  const [selectedGroupKey, setSelectedGroupKey] = useState<string | null>(null)
  const articleRef = useRef<HTMLElement>(null)
  const scrollerRef = useRef<HTMLDivElement>(null)
  const wrapRef = useRef<HTMLDivElement>(null)
  const textMapRef = useRef<TextMap | null>(null)
  const collapsePending = useRef(false)
  const layerRef = useRef<HighlightLayer | null>(null)
  const findLayerRef = useRef<FindHighlight | null>(null)
  const labelBarRef = useRef<HTMLDivElement>(null)
  const findInputRef = useRef<HTMLInputElement>(null)
  useAnnotationVersion()
  const [metaOpen, setMetaOpen] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const liveDocument = useLiveDocument(loaded?.document ?? null)

  useEffect(() => {
    if (!documentId) return
    let current = true
    Promise.all([call('documents.get', { id: documentId }), annotationStore.load(documentId)]).then(
      ([result]) => {
        if (!current) return
        setLoaded(result)
        setCaret(null)
        setSelectedId(null)
        setExpandedGroups(NO_KEYS)
        setSelectedGroupKey(null)
      },
      (error: unknown) => {
        if (!current || !(error instanceof WorkbenchError)) return
        setFailedId(documentId)
        onError(error)
      },
    )
    return () => {
      current = false
    }
  }, [documentId, onError])

  const ready = loaded !== null && loaded.document.id === documentId
  const text = ready ? loaded.text : ''
  const paragraphs = useMemo(() => paragraphsOf(text), [text])
  // The first tag reads the document's headings and folds its script (about 10 ms per 20,000
  // characters, plus the script dictionaries once per session): done while the reader is idle,
  // for documents small enough that it never makes a long task.
  const documentYear = ready ? loaded.document.meta.year : null
  useEffect(() => {
    if (!text || text.length > WARM_UP_MAX_CHARACTERS) return
    const handle = requestIdleCallback(() => documentContext(text, documentYear))
    return () => cancelIdleCallback(handle)
  }, [text, documentYear])
  const stored = ready ? annotationStore.annotationsOf(loaded.document.id) : NO_ANNOTATIONS
  // What the reader paints and steps through: accepted annotations and the proposals that pass
  // the filter. Rejected proposals stay on disk only so a new run does not propose them again.
  const filtered = useMemo(() => visibleAnnotations(stored, suggestFilter), [stored, suggestFilter])
  // On a government work report proposed commitments are folded by section, figures shown first.
  // An empty result keeps one identity, so the memoised side list is not re-rendered for it.
  const groups = useMemo(() => {
    const found = ready ? proposalGroups(text, loaded.document.meta, filtered) : NO_GROUPS
    return found.length === 0 ? NO_GROUPS : found
  }, [ready, text, loaded, filtered])
  const annotations = useMemo(() => withoutFolded(filtered, groups, expandedGroups), [filtered, groups, expandedGroups])
  // Counts are text in the header and the suggestion bar: changing them in the keystroke's frame
  // would make that frame lay the page out again (and hit-test the pointer), so they follow
  // once the new highlight is painted.
  const countedStored = useAfterPaint(stored)
  const countedFiltered = useAfterPaint(filtered)
  const counts = useMemo(() => countByStatus(countedStored), [countedStored])
  // The bar counts the proposals that pass its filters, folded ones included.
  const suggestedShown = useMemo(() => countByStatus(countedFiltered).suggested, [countedFiltered])
  const foldedCount = useMemo(
    () => groups.reduce((sum, group) => sum + (expandedGroups.has(group.key) ? 0 : group.members.length), 0),
    [groups, expandedGroups],
  )
  const selectedGroup = selectedId === null ? groups.find((group) => group.key === selectedGroupKey && !expandedGroups.has(group.key)) ?? null : null
  const toggleGroup = useCallback((key: string, open: boolean) => {
    setExpandedGroups((current) => {
      if (current.has(key) === open) return current
      const next = new Set(current)
      if (open) next.add(key)
      else next.delete(key)
      return next
    })
  }, [])
  /** Unfolds a group and selects its first proposal, so Enter and Delete go on from there. */
  const expandGroup = (group: ProposalGroup) => {
    toggleGroup(group.key, true)
    setSelectedGroupKey(null)
    setSelectedId(group.members[0]?.id ?? null)
  }
  // The interval index answers clicks; built on the first click after a change, not per edit.
  const indexRef = useRef<{ of: readonly Annotation[]; index: IntervalIndex<Annotation> } | null>(null)
  const annotationsAt = (offset: number): Annotation[] => {
    if (indexRef.current?.of !== annotations) indexRef.current = { of: annotations, index: new IntervalIndex(annotations) }
    return indexRef.current.index.at(offset)
  }
  const selected = annotations.find((annotation) => annotation.id === selectedId) ?? null
  // The side panel follows one frame later, so a new highlight is painted before the form is built.
  const panelAnnotation = useAfterPaint(selected)
  const panelAnnotations = useAfterPaint(annotations)

  // The text map and highlight layer live outside React: built once per document text.
  useLayoutEffect(() => {
    const root = articleRef.current
    if (!ready || !root) return
    const map = new TextMap(root, paragraphs)
    const layer = new HighlightLayer(map, labels)
    const findLayer = new FindHighlight(map)
    textMapRef.current = map
    layerRef.current = layer
    findLayerRef.current = findLayer
    // Register the highlights of what is on screen, and follow the scroll (once per frame).
    const scroller = scrollerRef.current
    let queued = 0
    const follow = () => {
      queued = 0
      if (!scroller) return
      const box = scroller.getBoundingClientRect()
      const visible = map.visibleOffsets(box.top, box.bottom)
      layer.setVisible(visible.start, visible.end)
      findLayer.setVisible(visible.start, visible.end)
    }
    const onScroll = () => {
      if (!queued) queued = requestAnimationFrame(follow)
    }
    scroller?.addEventListener('scroll', onScroll, { passive: true })
    follow()
    return () => {
      scroller?.removeEventListener('scroll', onScroll)
      cancelAnimationFrame(queued)
      layer.dispose()
      findLayer.dispose()
      layerRef.current = null
      findLayerRef.current = null
      textMapRef.current = null
    }
  }, [ready, paragraphs, labels])

  // An edit repaints within the current window; only scrolling moves the window, so no
  // geometry is read here (reading it would force a layout on every keystroke).
  useLayoutEffect(() => {
    layerRef.current?.sync(annotations, selectedId)
  }, [annotations, selectedId, paragraphs, labels])

  // Keyboard first: an opened document takes the focus, so arrows, label keys and Esc work at once.
  useEffect(() => {
    if (ready) articleRef.current?.focus({ preventScroll: true })
  }, [ready, documentId])

  // Select an annotation asked for from outside (a table row, a link), once per request.
  const [servedFocus, setServedFocus] = useState<string | null>(null)
  if (ready && focusAnnotationId && focusAnnotationId !== servedFocus && annotations.some((a) => a.id === focusAnnotationId)) {
    setServedFocus(focusAnnotationId)
    setSelectedId(focusAnnotationId)
  }
  useLayoutEffect(() => {
    if (!servedFocus) return
    const target = annotationStore.annotationsOf(documentId ?? '').find((annotation) => annotation.id === servedFocus)
    if (!target) return
    textMapRef.current?.point(target.start, 'forward')?.node.parentElement?.scrollIntoView({ block: 'center' })
    articleRef.current?.focus({ preventScroll: true })
  }, [servedFocus, documentId])
  useFocusField(servedFocus, props.focusField ?? null)

  // A span becomes the selection and is brought into view: a search hit, or a find-bar step.
  const reveal = useCallback((span: Span) => {
    const map = textMapRef.current
    const scroller = scrollerRef.current
    if (map && scroller) revealSpan(scroller, map, span, labelBarRef.current?.offsetHeight ?? 0)
  }, [])
  const goTo = useCallback(
    (span: Span) => {
      setSelectedId(null)
      setCaret({ anchor: span.start, focus: span.end })
      reveal(span)
    },
    [reveal],
  )
  const [servedSpan, setServedSpan] = useState<Span | null>(null)
  if (ready && focusSpan && focusSpan !== servedSpan) {
    setServedSpan(focusSpan)
    setSelectedId(null)
    setCaret({ anchor: focusSpan.start, focus: focusSpan.end })
  }
  useLayoutEffect(() => {
    if (!servedSpan) return
    reveal(servedSpan)
    articleRef.current?.focus({ preventScroll: true })
  }, [servedSpan, reveal])

  const find = useFind(text, caret ? Math.min(caret.anchor, caret.focus) : 0, goTo)
  useLayoutEffect(() => {
    findLayerRef.current?.show(find.open ? find.hits : NO_SPANS, find.index)
  }, [find.open, find.hits, find.index, paragraphs])
  const openFind = () => {
    if (!find.open) find.show()
    // The bar renders in this commit; focus its field once it is there.
    requestAnimationFrame(() => {
      findInputRef.current?.focus()
      findInputRef.current?.select()
    })
  }
  const closeFind = () => {
    find.close()
    articleRef.current?.focus({ preventScroll: true })
  }

  // Mirror the caret into the DOM selection, and draw a caret when it is collapsed. Its box is
  // measured in the next animation frame, where layout happens anyway, not in this commit.
  useEffect(() => {
    const map = textMapRef.current
    if (!map || !caret) {
      setCaretBox(null)
      return
    }
    const anchor = map.point(caret.anchor, caret.anchor <= caret.focus ? 'forward' : 'backward')
    const focus = map.point(caret.focus, caret.anchor <= caret.focus ? 'backward' : 'forward')
    if (!anchor || !focus) return
    window.getSelection()?.setBaseAndExtent(anchor.node, anchor.offset, focus.node, focus.offset)
    if (caret.anchor !== caret.focus || !wrapRef.current) {
      setCaretBox(null)
      return
    }
    const wrap = wrapRef.current
    const frame = requestAnimationFrame(() => {
      const range = document.createRange()
      range.setStart(focus.node, focus.offset)
      const rect = range.getClientRects()[0] ?? focus.node.parentElement?.getBoundingClientRect()
      const origin = wrap.getBoundingClientRect()
      if (rect) setCaretBox({ left: rect.left - origin.left, top: rect.top - origin.top, height: rect.height || 24 })
    })
    return () => cancelAnimationFrame(frame)
  }, [caret, paragraphs])

  const tag = useCallback(
    (label: Label) => {
      if (!ready || readOnly || !caret || caret.anchor === caret.focus || collapsePending.current) return
      let start = Math.min(caret.anchor, caret.focus)
      let end = Math.max(caret.anchor, caret.focus)
      while (start < end && /\s/.test(text[start])) start++
      while (end > start && /\s/.test(text[end - 1])) end--
      if (start === end) return
      const documentRecord = loaded.document
      const attributes = extractAttributes({
        text,
        start,
        end,
        label: label.key,
        document: documentRecord.meta,
        indicators: props.indicators,
      })
      const { annotation, saved } = annotationStore.create(text, { documentId: documentRecord.id, start, end, label: label.key, attributes })
      saved.catch(onError)
      // The new highlight is painted first; selecting it and collapsing the text selection
      // follow in the next frame, so the keystroke's frame repaints as little as possible.
      // Until then the same selection must not be tagged twice by a quick second key press.
      collapsePending.current = true
      requestAnimationFrame(() =>
        setTimeout(() => {
          collapsePending.current = false
          setSelectedId(annotation.id)
          setCaret({ anchor: end, focus: end })
        }, 0),
      )
    },
    [ready, readOnly, caret, text, loaded, props.indicators, onError],
  )

  const update = (annotation: Annotation, change: Parameters<typeof annotationStore.update>[1]) => {
    annotationStore.update(annotation, change, text).catch(onError)
  }

  const remove = useCallback(
    (annotation: Annotation) => {
      annotationStore.delete(annotation).catch(onError)
      setSelectedId(null)
      articleRef.current?.focus({ preventScroll: true })
    },
    [onError],
  )

  /** A proposal under a collapsed caret, for Enter without a selected annotation. */
  const proposalAtCaret = (): Annotation | null => {
    if (!caret || caret.anchor !== caret.focus) return null
    return annotationsAt(caret.focus).find((annotation) => annotation.status === 'suggested') ?? null
  }

  /** Accepts or rejects a proposal (an undoable edit), then moves on to the next one. */
  const decide = (proposal: Annotation, status: 'accepted' | 'rejected') => {
    update(proposal, { status })
    const next = nextProposal(annotations, proposal.end, proposal.id)
    setSelectedId(next?.id ?? (status === 'accepted' ? proposal.id : null))
    if (next) textMapRef.current?.point(next.start, 'forward')?.node.parentElement?.scrollIntoView({ block: 'nearest' })
  }

  const selectNeighbour = (direction: 1 | -1) => {
    // Folded groups of proposed commitments are stops of their own, where their section begins.
    const ordered = stops(annotations, groups, expandedGroups)
    if (ordered.length === 0) return
    const position = selected
      ? ordered.findIndex((stop) => stop.kind === 'annotation' && stop.annotation.id === selected.id)
      : selectedGroup
        ? ordered.findIndex((stop) => stop.kind === 'group' && stop.group.key === selectedGroup.key)
        : direction > 0 ? -1 : ordered.length
    const next = ordered[(position + direction + ordered.length) % ordered.length]
    const at = next.kind === 'annotation' ? next.annotation.start : next.group.start
    if (next.kind === 'annotation') {
      setSelectedId(next.annotation.id)
      setSelectedGroupKey(null)
    } else {
      setSelectedId(null)
      setSelectedGroupKey(next.group.key)
    }
    textMapRef.current?.point(at, 'forward')?.node.parentElement?.scrollIntoView({ block: 'nearest' })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!ready) return
    const { key, shiftKey, altKey, ctrlKey, metaKey } = event
    const command = ctrlKey || metaKey
    if (chooser) {
      const choice = Number(key)
      if (choice >= 1 && choice <= chooser.annotations.length) {
        setSelectedId(chooser.annotations[choice - 1].id)
        setChooser(null)
        event.preventDefault()
      } else if (key === 'Escape') {
        setChooser(null)
        event.preventDefault()
      }
      return
    }
    const labelForKey = !command && !altKey ? labels.find((label) => label.shortcut === key) : undefined
    if (labelForKey) {
      if (caret && caret.anchor !== caret.focus) tag(labelForKey)
      else if (selected && !readOnly) update(selected, { label: labelForKey.key })
      event.preventDefault()
      return
    }
    if (selectedGroup && !command && !altKey && (key === 'Enter' || key === 'ArrowRight')) {
      expandGroup(selectedGroup)
      event.preventDefault()
      return
    }
    if (selectedGroup && key === 'Escape') {
      setSelectedGroupKey(null)
      event.preventDefault()
      return
    }
    // Boundaries of the selected annotation: Alt+←/→ moves its start, Shift+Alt+←/→ its end.
    if (altKey && selected && !readOnly && (key === 'ArrowLeft' || key === 'ArrowRight')) {
      const step = key === 'ArrowRight' ? 1 : -1
      const start = shiftKey ? selected.start : Math.max(0, Math.min(selected.end - 1, selected.start + step))
      const end = shiftKey ? Math.min(text.length, Math.max(selected.start + 1, selected.end + step)) : selected.end
      if (start !== selected.start || end !== selected.end) update(selected, { start, end })
      event.preventDefault()
      return
    }
    const focus = caret?.focus ?? selected?.start ?? paragraphs[0]?.start ?? 0
    let next: number | null = null
    if (key === 'ArrowRight') next = command ? wordStep(text, focus, 1) : Math.min(text.length, focus + 1)
    else if (key === 'ArrowLeft') next = command ? wordStep(text, focus, -1) : Math.max(0, focus - 1)
    else if (key === 'ArrowDown' && command) next = sentenceStep(text, focus, 1)
    else if (key === 'ArrowUp' && command) next = sentenceStep(text, focus, -1)
    else if (key === 'Home') next = text.lastIndexOf('\n', focus - 1) + 1
    else if (key === 'End') next = text.indexOf('\n', focus) === -1 ? text.length : text.indexOf('\n', focus)
    if (next !== null) {
      setCaret({ anchor: shiftKey && caret ? caret.anchor : next, focus: next })
      event.preventDefault()
      return
    }
    if (key === 'Tab') {
      selectNeighbour(shiftKey ? -1 : 1)
      event.preventDefault()
    } else if (key === 'Enter' && shiftKey && caret && !readOnly) {
      // Accept every proposal the selection touches.
      const from = Math.min(caret.anchor, caret.focus)
      const to = Math.max(caret.anchor, caret.focus, from + 1)
      for (const proposal of proposalsIn(annotations, from, to)) update(proposal, { status: 'accepted' })
      event.preventDefault()
    } else if (key === 'Enter' && !readOnly && (selected ?? proposalAtCaret())?.status === 'suggested') {
      decide(selected ?? proposalAtCaret()!, 'accepted')
      event.preventDefault()
    } else if ((key === 'Delete' || key === 'Backspace') && selected?.status === 'suggested' && !readOnly) {
      decide(selected, 'rejected')
      event.preventDefault()
    } else if ((key === 'Delete' || key === 'Backspace') && selected && !readOnly) {
      remove(selected)
      event.preventDefault()
    } else if (key === 'Enter' && selected) {
      document.querySelector<HTMLElement>('[data-first-field]')?.focus()
      event.preventDefault()
    } else if (key === 'Escape') {
      if (selected) setSelectedId(null)
      else if (caret && caret.anchor !== caret.focus) setCaret({ anchor: caret.focus, focus: caret.focus })
      else if (find.open) find.close()
      else onBack()
      event.preventDefault()
    }
  }

  // Find works from anywhere in the reader: the text, the label bar, the side panel.
  const onReaderKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!ready) return
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f') openFind()
    else if (event.key === 'F3' && find.open) find.step(event.shiftKey ? -1 : 1)
    else return
    event.preventDefault()
  }

  const pressedAt = useRef<{ x: number; y: number } | null>(null)

  const onMouseUp = (event: MouseEvent<HTMLElement>) => {
    const map = textMapRef.current
    if (!map) return
    const pressed = pressedAt.current
    const isClick = pressed !== null && Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) < 4
    setChooser(null)
    if (!isClick) {
      const selection = window.getSelection()
      if (!selection || selection.rangeCount === 0 || !selection.anchorNode || !selection.focusNode) return
      const anchor = map.offsetOf(selection.anchorNode, selection.anchorOffset)
      const focus = map.offsetOf(selection.focusNode, selection.focusOffset)
      if (anchor !== null && focus !== null) setCaret({ anchor, focus })
      return
    }
    // A click (even inside an old selection, which the browser collapses only later): put the
    // caret there and select the annotation under it, or offer a choice among overlapping ones.
    const offset = map.offsetAtPoint(event.clientX, event.clientY)
    if (offset === null) return
    setCaret({ anchor: offset, focus: offset })
    const hits = annotationsAt(offset)
    if (hits.length === 0) setSelectedId(null)
    else if (hits.length === 1) setSelectedId(hits[0].id)
    else {
      const origin = wrapRef.current?.getBoundingClientRect()
      setChooser({ x: event.clientX - (origin?.left ?? 0), y: event.clientY - (origin?.top ?? 0), annotations: hits })
    }
  }

  // The side panel's actions keep one identity, so the memoised panel is not rendered again by
  // an edit elsewhere in the keystroke's frame; they run this render's versions.
  const onPanelChange = useStableHandler((change: Parameters<typeof annotationStore.update>[1]) => {
    if (panelAnnotation) update(panelAnnotation, change)
  })
  const onPanelDelete = useStableHandler(() => {
    if (!panelAnnotation) return
    if (panelAnnotation.status === 'suggested') decide(panelAnnotation, 'rejected')
    else remove(panelAnnotation)
  })

  if (!documentId) return <section className="empty-state">{t('reader.noDocument')}</section>
  if (failedId === documentId) {
    return (
      <section className="empty-state" data-testid="reader-failed">
        <p>{t('reader.failed')}</p>
        <button type="button" onClick={onBack}>
          ← {t('reader.back')}
        </button>
      </section>
    )
  }
  if (!ready) {
    return (
      <section className="empty-state" aria-busy="true">
        {t('reader.loading')}
      </section>
    )
  }

  const doc = liveDocument ?? loaded.document
  const script = doc.meta.script === 'zh-Hant' ? 'zh-Hant' : 'zh-CN'
  return (
    <section className="reader-layout" aria-label={t('nav.reader')} onKeyDown={onReaderKeyDown}>
      <style>{highlightStyles(labels)}</style>
      <div className="reader-main" ref={scrollerRef}>
        <header className="reader-header">
          <button type="button" className="link-button" onClick={onBack}>
            ← {t('reader.back')} <kbd>Esc</kbd>
          </button>
          <h1 className="reader-title" lang={script}>
            {doc.title}
          </h1>
          <dl className="reader-meta">
            <dt>{t('reader.meta.year')}</dt>
            <dd data-testid="reader-year">{doc.meta.year ?? t('unknown')}</dd>
            <dt>{t('reader.meta.type')}</dt>
            <dd>{docType(doc.meta.docType)}</dd>
            <dt>{t('reader.meta.docNumber')}</dt>
            <dd>{doc.meta.docNumber ?? t('unknown')}</dd>
            <dt>{t('reader.meta.script')}</dt>
            <dd>{t(`script.${doc.meta.script}`)}</dd>
            <dt>{t('reader.meta.chars')}</dt>
            <dd>{number(doc.textLength)}</dd>
            <dt>{t('reader.meta.annotations')}</dt>
            <dd data-testid="reader-annotation-count">{number(counts.accepted)}</dd>
            <dt>{t('import.issuer')}</dt>
            <dd data-testid="reader-issuer">{doc.meta.issuer ?? t('unknown')}</dd>
            <dt>{t('import.date')}</dt>
            <dd data-testid="reader-date">{doc.meta.date ?? t('unknown')}</dd>
          </dl>
          <div className="reader-doc-actions">
            <button type="button" aria-expanded={metaOpen} onClick={() => setMetaOpen((open) => !open)}>
              {t('docmeta.edit')}
            </button>
            {!readOnly && (
              <button type="button" onClick={() => setDeleting(true)}>
                {t('docmeta.delete')}
              </button>
            )}
          </div>
          {metaOpen && <MetadataPanel document={doc} readOnly={readOnly} onClose={() => setMetaOpen(false)} onError={onError} />}
          {deleting && <DeleteDocumentDialog document={doc} annotationCount={counts.accepted} onClose={() => setDeleting(false)} onError={onError} />}
        </header>
        <div className="label-bar" role="toolbar" aria-label={t('annotate.labels')} ref={labelBarRef}>
          {labels.map((label, i) => (
            <button
              key={label.key}
              type="button"
              className={`label-chip underline-${i % 5}`}
              style={{ borderColor: label.color, color: label.color }}
              disabled={readOnly}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => (caret && caret.anchor !== caret.focus ? tag(label) : selected && update(selected, { label: label.key }))}
            >
              {label.name[locale]}
              {label.shortcut && <kbd>{label.shortcut}</kbd>}
            </button>
          ))}
          <span className="muted keyboard-hint">{t('annotate.keys')}</span>
          {find.open && <FindBar find={find} inputRef={findInputRef} onClose={closeFind} />}
          <SuggestBar
            documentId={doc.id}
            documents={props.documents}
            labels={labels}
            readOnly={readOnly}
            suggestedCount={suggestedShown}
            foldedCount={foldedCount}
            filter={suggestFilter}
            onFilter={setSuggestFilter}
            onError={onError}
          />
        </div>
        <div className="text-wrap" ref={wrapRef}>
          <article
            ref={articleRef}
            className="document-text"
            lang={script}
            tabIndex={0}
            data-testid="document-text"
            onKeyDown={onKeyDown}
            onMouseDown={(event) => {
              pressedAt.current = { x: event.clientX, y: event.clientY }
            }}
            onMouseUp={onMouseUp}
          >
            <DocumentParagraphs paragraphs={paragraphs} />
          </article>
          {caretBox && <div className="caret" style={{ left: caretBox.left, top: caretBox.top, height: caretBox.height }} aria-hidden />}
          {chooser && (
            <div className="chooser" role="listbox" style={{ left: chooser.x, top: chooser.y + 12 }} data-testid="overlap-chooser">
              {chooser.annotations.map((annotation, i) => (
                <button
                  key={annotation.id}
                  type="button"
                  role="option"
                  aria-selected={false}
                  onClick={() => {
                    setSelectedId(annotation.id)
                    setChooser(null)
                  }}
                >
                  <kbd>{i + 1}</kbd> {labelName(labels, annotation.label, locale)} · {annotation.quote.slice(0, 24)}
                </button>
              ))}
            </div>
          )}
        </div>
      </div>
      <aside className="reader-side">
        {panelAnnotation?.status === 'suggested' && (
          <p className="suggest-note" data-testid="suggest-note">
            <span className="tag suggest-tag">{t('suggest.tag')}</span>{' '}
            {panelAnnotation.suggestion && t('suggest.confidence', { value: panelAnnotation.suggestion.confidence.toFixed(2) })}{' '}
            · {t('suggest.keys')}
          </p>
        )}
        {panelAnnotation ? (
          <AttributesPanel
            key={panelAnnotation.id}
            annotation={panelAnnotation}
            labels={labels}
            indicators={props.indicators}
            documents={props.documents}
            readOnly={readOnly}
            onChange={onPanelChange}
            onDelete={onPanelDelete}
            onOpenAnnotation={props.onOpenAnnotation}
            onIndicatorsChanged={props.onIndicatorsChanged}
            onError={onError}
          />
        ) : (
          <div className="side-hint">
            {selectedGroup ? (
              <p className="suggest-note" data-testid="proposal-group-note">
                <span className="tag suggest-tag">{t('suggest.tag')}</span> {labelName(labels, 'commitment', locale)} ×{number(selectedGroup.members.length)} ·{' '}
                {selectedGroup.title || t('suggest.groupIntro')} · {t('suggest.groupKeys')}
              </p>
            ) : (
              <p>{t('annotate.hint')}</p>
            )}
            <SideList
              annotations={panelAnnotations}
              labels={labels}
              onSelect={setSelectedId}
              groups={groups}
              expanded={expandedGroups}
              currentGroup={selectedGroup?.key ?? null}
              onToggleGroup={toggleGroup}
            />
          </div>
        )}
      </aside>
    </section>
  )
}
