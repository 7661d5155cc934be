// Names the UI and the files it writes share, in both languages: document types and compare
// statuses. Exports (CSV, Excel) use them so a Chinese workflow reads 达成 and 政府工作报告, not
// met and government-work-report.
import type { CompareStatus } from './compare-types'
import type { DocumentType, Locale } from './model'

export const documentTypeNames: Record<Locale, Record<DocumentType, string>> = {
  'zh-CN': {
    'reply-to-npc-suggestion': '人大建议答复',
    'reply-to-cppcc-proposal': '政协提案答复',
    'action-plan': '行动计划',
    'work-summary-and-plan': '工作总结与安排',
    'government-work-report': '政府工作报告',
    other: '其他',
  },
  en: {
    'reply-to-npc-suggestion': 'Reply to NPC suggestion',
    'reply-to-cppcc-proposal': 'Reply to CPPCC proposal',
    'action-plan': 'Action plan',
    'work-summary-and-plan': 'Work summary and plan',
    'government-work-report': 'Government work report',
    other: 'Other',
  },
}

export const compareStatusNames: Record<Locale, Record<CompareStatus, string>> = {
  'zh-CN': { met: '达成', missed: '未达成', 'no-evidence': '无证据', 'not-due': '未到期' },
  en: { met: 'met', missed: 'missed', 'no-evidence': 'no evidence', 'not-due': 'not due' },
}

/** The words of an exported matrix cell and of the sheets' headers. */
export const exportWords: Record<Locale, { target: string; actual: string; conflict: string; indicator: string; name: string; unit: string; matrixSheet: string; cellsSheet: string }> = {
  'zh-CN': { target: '目标', actual: '实际', conflict: '! 实际值不一致', indicator: '指标代码', name: '指标', unit: '单位', matrixSheet: '矩阵', cellsSheet: '明细' },
  en: { target: 'target', actual: 'actual', conflict: '! conflicting actuals', indicator: 'indicator', name: 'name', unit: 'unit', matrixSheet: 'matrix', cellsSheet: 'cells' },
}
