// Work that the user does not see in the frame of a keystroke waits for that frame's paint:
// a task queued from the frame's animation callback runs after the frame has been painted.
import { useEffect, useState } from 'react'
import { annotationStore } from './annotation-store'

export function afterNextPaint(run: () => void): () => void {
  let timer = 0
  const frame = requestAnimationFrame(() => {
    timer = window.setTimeout(run, 0)
  })
  return () => {
    cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}

/** `value`, but only after the frame that shows the current state has been painted. */
export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value)
  useEffect(() => afterNextPaint(() => setShown(() => value)), [value])
  return shown
}

/**
 * The annotation store's version, taken once the edit's frame is painted: for views that must
 * follow edits but show nothing of them in that frame (a side panel's links), so the edit does
 * not re-render them inside the keystroke's frame.
 */
export function useAnnotationVersionAfterPaint(): number {
  const [version, setVersion] = useState(annotationStore.getVersion)
  useEffect(() => {
    let cancel = (): void => undefined
    const unsubscribe = annotationStore.subscribe(() => {
      cancel()
      cancel = afterNextPaint(() => setVersion(annotationStore.getVersion()))
    })
    return () => {
      cancel()
      unsubscribe()
    }
  }, [])
  return version
}
