// A handler with one identity for the component's life that always runs the latest render's
// version: for props of memoised children, which a new closure on every render would re-render.
import { useCallback, useLayoutEffect, useRef } from 'react'

export function useStableHandler<Args extends unknown[]>(handler: (...args: Args) => void): (...args: Args) => void {
  const latest = useRef(handler)
  useLayoutEffect(() => {
    latest.current = handler
  })
  return useCallback((...args: Args) => latest.current(...args), [])
}
