// Work that the user does not see in the frame of a keystroke waits for that frame's paint:
// a task queued from the frame's animation callback runs after the frame has been painted.
import { useEffect, useState } from 'react'

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
