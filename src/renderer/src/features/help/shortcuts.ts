// The keys each view answers to, as the views' key handlers define them (ReaderView onKeyDown,
// LibraryView, AnnotationTable, SearchView, ReviewView, FindBar, App): the shortcut overview
// (? or F1) lists them. A key added to a view belongs here too.
import type { Locale } from '../../../../shared/model'

export type HelpView = 'library' | 'reader' | 'search' | 'annotations' | 'compare' | 'review' | 'settings'

export interface Shortcut {
  keys: string[]
  text: Record<Locale, string>
}

export interface ShortcutGroup {
  title: Record<Locale, string>
  shortcuts: Shortcut[]
}

const s = (keys: string[], zh: string, en: string): Shortcut => ({ keys, text: { 'zh-CN': zh, en } })

const everywhere: ShortcutGroup = {
  title: { 'zh-CN': '任何视图', en: 'Everywhere' },
  shortcuts: [
    s(['?', 'F1'], '打开本快捷键一览；Esc 关闭', 'Open this overview; Esc closes it'),
    s(['Ctrl+Shift+F'], '全部文档搜索', 'Search every document'),
    s(['Ctrl+Z'], '撤销（标注和文档的修改、删除，跨文档）', 'Undo (annotation and document edits and deletions, across documents)'),
    s(['Ctrl+Shift+Z', 'Ctrl+Y'], '重做', 'Redo'),
    s(['Ctrl+I'], '导入文档…（桌面版菜单）', 'Import documents… (desktop menu)'),
    s(['Ctrl+O', 'Ctrl+Shift+N'], '打开工作区… / 新建工作区…（桌面版菜单）', 'Open workspace… / New workspace… (desktop menu)'),
    s(['Ctrl+Shift+S'], '立即与团队同步（已连接团队数据库时）', 'Sync with the team now (when connected to a team database)'),
  ],
}

const byView: Record<HelpView, ShortcutGroup[]> = {
  library: [
    {
      title: { 'zh-CN': '文档库', en: 'Library' },
      shortcuts: [
        s(['/'], '跳到筛选框', 'Jump to the filter'),
        s(['↓'], '从筛选框进入表格', 'From the filter into the table'),
        s(['↑', '↓', 'Home', 'End'], '选择文档', 'Select a document'),
        s(['Enter'], '打开文档', 'Open the document'),
        s(['Delete'], '删除文档（先确认；Ctrl+Z 撤销）', 'Delete the document (asks first; Ctrl+Z undoes)'),
        s(['Esc'], '（在筛选框中）清空筛选', '(in the filter) Clear it'),
        s(['Enter'], '（在列标题上）排序', '(on a column header) Sort'),
      ],
    },
  ],
  reader: [
    {
      title: { 'zh-CN': '选择文本', en: 'Selecting text' },
      shortcuts: [
        s(['←', '→'], '移动光标', 'Move the caret'),
        s(['Ctrl+←', 'Ctrl+→'], '按词移动', 'By word'),
        s(['Ctrl+↑', 'Ctrl+↓'], '按句移动', 'By sentence'),
        s(['Home', 'End'], '到段首 / 段尾', 'To the start / end of the paragraph'),
        s(['Shift'], '加上以上任一键：扩展选择', 'With any of these: extend the selection'),
      ],
    },
    {
      title: { 'zh-CN': '标注', en: 'Annotating' },
      shortcuts: [
        s(['1', '2', '3'], '标为 目标 / 成效 / 承诺（设置中的自定义标签用其快捷键）', 'Tag as target / achievement / commitment (custom labels: their own key)'),
        s(['Enter'], '跳到所选标注的字段；字段中 Enter 返回正文', 'Jump to the selected annotation’s fields; Enter in a field returns'),
        s(['Tab', 'Shift+Tab'], '下一个 / 上一个标注', 'Next / previous annotation'),
        s(['Alt+←', 'Alt+→'], '移动所选标注的起点', 'Move the selected annotation’s start'),
        s(['Shift+Alt+←', 'Shift+Alt+→'], '移动所选标注的终点', 'Move its end'),
        s(['Delete'], '删除所选标注', 'Delete the selected annotation'),
        s(['1…9'], '（重叠选择框中）选第几个', '(in the overlap chooser) Pick one'),
        s(['Esc'], '取消选择；再按返回文档库', 'Deselect; again: back to the library'),
      ],
    },
    {
      title: { 'zh-CN': '建议与查找', en: 'Suggestions and find' },
      shortcuts: [
        s(['Enter'], '接受建议并转到下一个', 'Accept the proposal and move on'),
        s(['Delete'], '拒绝建议并转到下一个', 'Reject the proposal and move on'),
        s(['Shift+Enter'], '接受选区内的全部建议', 'Accept every proposal the selection touches'),
        s(['Ctrl+F'], '在本文档中查找', 'Find in this document'),
        s(['Enter', 'Shift+Enter', 'F3', 'Shift+F3'], '下一个 / 上一个结果', 'Next / previous hit'),
        s(['Esc'], '关闭查找栏，结果保持选中', 'Close the find bar, the hit stays selected'),
      ],
    },
  ],
  annotations: [
    {
      title: { 'zh-CN': '标注表', en: 'Annotation table' },
      shortcuts: [
        s(['↑', '↓'], '选择标注', 'Select an annotation'),
        s(['PgUp', 'PgDn'], '上一屏 / 下一屏', 'A screen up / down'),
        s(['Home', 'End'], '第一行 / 最后一行', 'First / last row'),
        s(['Enter'], '在阅读视图中打开', 'Open it in the reader'),
        s(['Delete'], '删除标注', 'Delete it'),
        s(['Enter'], '（在列标题上）排序', '(on a column header) Sort'),
      ],
    },
  ],
  search: [
    {
      title: { 'zh-CN': '搜索', en: 'Search' },
      shortcuts: [
        s(['Ctrl+Shift+F'], '回到搜索框', 'Back to the query'),
        s(['↓'], '从搜索框进入结果', 'From the query into the results'),
        s(['↑', '↓', 'Home', 'End'], '选择结果', 'Select a hit'),
        s(['Enter'], '在阅读视图中打开并选中', 'Open it in the reader, selected'),
        s(['1', '2', '3'], '直接标注该结果', 'Tag the hit without leaving the list'),
      ],
    },
  ],
  compare: [
    {
      title: { 'zh-CN': '对比', en: 'Compare' },
      shortcuts: [
        s(['Tab'], '在筛选、矩阵中的数字和未列入矩阵的条目间移动', 'Move through the filters, the figures of the matrix and the unplaced list'),
        s(['Enter'], '打开数字所在句子；未列入矩阵的条目：打开并聚焦所缺字段', 'Open a figure’s sentence; an unplaced entry: open it at the missing field'),
        s(['Enter'], '（容差框中）应用', '(in the tolerance box) Apply'),
      ],
    },
  ],
  review: [
    {
      title: { 'zh-CN': '审阅', en: 'Review' },
      shortcuts: [
        s(['↑', '↓', 'J', 'K'], '上一个 / 下一个单元', 'Previous / next unit'),
        s(['1…9'], '采用该来源的版本', 'Take that source’s version'),
        s(['M'], '合并', 'Merge'),
        s(['E'], '编辑', 'Edit'),
        s(['R'], '拒绝', 'Reject'),
        s(['U'], '撤销该单元的决定', 'Undo the unit’s decision'),
        s(['A'], '接受全部一致的单元', 'Accept every agreed unit'),
      ],
    },
  ],
  settings: [],
}

export function shortcutsFor(view: HelpView): ShortcutGroup[] {
  return [...byView[view], everywhere]
}
