// The whole document with every unit marked (merged view): the colour says agreed, differing or
// only in one, the small numbers after a unit say which sources marked it. Clicking a unit
// selects it; the selected unit is kept in view.
import { useEffect, useMemo, useRef } from 'react'
import type { ReviewUnit } from '../../../../shared/review'

interface Segment {
  start: number
  end: number
  units: ReviewUnit[]
}

function segments(textLength: number, units: readonly ReviewUnit[]): Segment[] {
  const cuts = new Set([0, textLength])
  for (const unit of units) {
    cuts.add(unit.start)
    cuts.add(unit.end)
  }
  const sorted = [...cuts].filter((at) => at >= 0 && at <= textLength).sort((a, b) => a - b)
  const result: Segment[] = []
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]
    const end = sorted[i + 1]
    result.push({ start, end, units: units.filter((unit) => unit.start < end && unit.end > start) })
  }
  return result
}

export function ReviewText({
  text,
  units,
  activeKey,
  sourceIds,
  onSelect,
}: {
  text: string
  units: readonly ReviewUnit[]
  activeKey: string | null
  sourceIds: readonly string[]
  onSelect: (key: string) => void
}) {
  const pieces = useMemo(() => segments(text.length, units), [text, units])
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const mark = box.current?.querySelector<HTMLElement>('mark.active')
    if (!mark || !box.current) return
    // The box is the marks' offset parent (position: relative), so offsetTop is inside it.
    box.current.scrollTop = mark.offsetTop - box.current.clientHeight / 3
  }, [activeKey])
  return (
    <div className="review-text" ref={box} data-testid="review-text">
      {pieces.map((piece) => {
        const content = text.slice(piece.start, piece.end)
        const ending = units.filter((unit) => unit.end === piece.end)
        const marks = ending.map((unit) => (
          <sup key={unit.key} className={`unit-sources status-${unit.status}`}>
            {[...new Set(unit.members.map((member) => sourceIds.indexOf(member.sourceId) + 1))].sort().join('·')}
          </sup>
        ))
        if (piece.units.length === 0) return <span key={piece.start}>{content}</span>
        const unit = piece.units.find((entry) => entry.key === activeKey) ?? piece.units[0]
        return (
          <span key={piece.start}>
            <mark
              className={`unit-mark status-${unit.status}${piece.units.some((entry) => entry.key === activeKey) ? ' active' : ''}`}
              onClick={() => onSelect(unit.key)}
            >
              {content}
            </mark>
            {marks}
          </span>
        )
      })}
    </div>
  )
}
