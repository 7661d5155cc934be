import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { Locale } from '../../../shared/model'
import { documentTypeNames, messages, type MessageKey } from './messages'

export interface I18n {
  locale: Locale
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  docType: (type: keyof (typeof documentTypeNames)['en']) => string
  number: (value: number) => string
}

function makeI18n(locale: Locale): I18n {
  const numberFormat = new Intl.NumberFormat(locale)
  return {
    locale,
    t: (key, params = {}) =>
      messages[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in params ? String(params[name]) : whole,
      ),
    docType: (type) => documentTypeNames[locale][type],
    number: (value) => numberFormat.format(value),
  }
}

const I18nContext = createContext<I18n>(makeI18n('zh-CN'))

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => makeI18n(locale), [locale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  return useContext(I18nContext)
}
