import { documentTypes, type DocumentType } from '../../../shared/model'
import { useI18n } from '../i18n/i18n'

/** A filter by document type; '' stands for every type. */
export function DocTypeSelect({ value, onChange }: { value: DocumentType | ''; onChange: (value: DocumentType | '') => void }) {
  const { t, docType } = useI18n()
  return (
    <select aria-label={t('library.column.type')} value={value} onChange={(event) => onChange(event.target.value as DocumentType | '')}>
      <option value="">{t('table.allTypes')}</option>
      {documentTypes.map((type) => (
        <option key={type} value={type}>
          {docType(type)}
        </option>
      ))}
    </select>
  )
}
