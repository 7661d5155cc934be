import type { Label } from '../../../shared/model'
import { useI18n } from '../i18n/i18n'

interface LabelSelectProps {
  labels: readonly Label[]
  /** A label's key, or '' for every label. */
  value: string
  onChange: (key: string) => void
  /** The select's accessible name. */
  name: string
  /** The text of the '' choice. */
  allText: string
  testId?: string
}

/** A filter by label, in the user's language. */
export function LabelSelect({ labels, value, onChange, name, allText, testId }: LabelSelectProps) {
  const { locale } = useI18n()
  return (
    <select aria-label={name} data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{allText}</option>
      {labels.map((label) => (
        <option key={label.key} value={label.key}>
          {label.name[locale]}
        </option>
      ))}
    </select>
  )
}
