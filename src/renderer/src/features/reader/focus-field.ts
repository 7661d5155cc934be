// Opening an annotation "at its fields": the side panel renders a frame after the selection (so
// a new highlight paints first), so the field is focused once it is there, a few frames at most.
import { useEffect } from 'react'

const MAX_FRAMES = 30

export function useFocusField(annotationId: string | null, request: { field: string } | null): void {
  useEffect(() => {
    if (!annotationId || !request) return
    let frame = 0
    let tries = 0
    const attempt = () => {
      const input = document.querySelector<HTMLElement>(`.reader-side [data-field="${request.field}"]`)
      if (input) {
        input.focus()
        input.scrollIntoView({ block: 'nearest' })
      } else if (++tries < MAX_FRAMES) frame = requestAnimationFrame(attempt)
    }
    frame = requestAnimationFrame(attempt)
    return () => cancelAnimationFrame(frame)
  }, [annotationId, request])
}
