// The number of unplaced figures beside the Compare tab: it follows every edit (the annotation
// store's version) once the edit is saved, and the codebook (`refresh`), asking main's cached matrix.
import { useEffect, useState } from 'react'
import { call } from '../../bridge'
import { useI18n } from '../../i18n/i18n'
import { useAnnotationVersion, useSaveState } from '../../state/annotation-store'

const SETTLE_MS = 300

export function CompareTabCount({ refresh }: { refresh: unknown }) {
  const { t } = useI18n()
  const version = useAnnotationVersion()
  const saving = useSaveState().pending > 0
  const [count, setCount] = useState(0)
  useEffect(() => {
    if (saving || refresh === null) return
    let current = true
    const timer = setTimeout(() => {
      call('compare.matrix', { offset: 0, limit: 1, figuresPerCell: 0, unplacedLimit: 0 }).then(
        (page) => current && setCount(page.unplacedTotal),
        () => undefined,
      )
    }, SETTLE_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [version, saving, refresh])
  if (count === 0) return null
  return (
    // Kept out of the tab's name (it stays 对比), said in its title instead.
    <span className="tab-count" data-testid="compare-unplaced-count" aria-hidden="true" title={t('compare.unplaced.tabHint', { count })}>
      {count}
    </span>
  )
}
