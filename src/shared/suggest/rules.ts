// The suggestion rules as data. The engine (engine.ts) only walks these tables, so a rule can be
// read, changed and tested without reading code, and every rule carries the reason it exists.
// Cue words are written in simplified script: the engine matches them against the text folded
// from traditional script (技術合同 → 技术合同), so one lexicon serves both scripts.

export type SectionKind = 'review' | 'plan' | 'problems' | 'other'
export type SuggestLabel = 'target' | 'achievement' | 'commitment'

export interface HeadingRule {
  id: string
  kind: SectionKind
  /** Any of these words in a heading gives the section its kind. */
  words: readonly string[]
  why: string
}

/** First match wins, so the more specific kinds come first. */
export const headingRules: readonly HeadingRule[] = [
  {
    id: 'heading-problems',
    kind: 'problems',
    words: ['存在的主要问题', '存在的问题', '问题和不足', '困难和问题', '主要问题'],
    why: 'Gaps and shortfalls are neither results nor promises; figures there describe a problem.',
  },
  {
    id: 'heading-plan',
    kind: 'plan',
    words: [
      '下一步', '工作计划', '工作安排', '总体部署', '工作部署', '重点工作', '工作任务', '主要任务',
      '工作目标', '主要目标', '预期目标', '目标任务', '重点行动', '总体要求', '政策取向', '工作的建议', '工作思路',
    ],
    why: 'Plans, tasks and targets for the coming period: what follows is promised, and its figures are targets.',
  },
  {
    id: 'heading-review',
    kind: 'review',
    words: ['工作回顾', '回顾', '工作成效', '主要成效', '取得的成效', '主要情况', '工作情况', '进展情况', '完成情况', '过去一年', '过去五年'],
    why: 'A look back: figures there are results already reached.',
  },
]

/**
 * A top-level heading that names no kind keeps the kind of the section before it when that was a
 * plan: the task chapters of a government work report (三、把改革开放扎实推向纵深) follow 总体部署.
 */
export const PLAN_CARRIES_OVER = true

export interface ParagraphRule {
  id: string
  kind: SectionKind
  /** The paragraph starts with one of these. */
  openers: readonly string[]
  why: string
}

/** A paragraph can switch the section's kind for itself only. */
export const paragraphRules: readonly ParagraphRule[] = [
  {
    id: 'paragraph-looking-back',
    kind: 'review',
    openers: ['过去一年', '一年来', '过去五年', '五年来', '去年', '这一年'],
    why: 'Reports open their review paragraphs this way, also outside the review chapter.',
  },
  {
    id: 'paragraph-next-step',
    kind: 'plan',
    openers: ['下一步', '今后', '今年', '明年'],
    why: 'Replies to deputies close with what will be done next, often inside a review section.',
  },
]

export interface Lexicon {
  id: string
  words: readonly string[]
  why: string
}

export const lexicons = {
  past: {
    id: 'cue-past',
    words: ['过去一年', '一年来', '过去五年', '五年来', '去年', '截至', '截止', '累计', '已', '目前', '同比', '比上年', '较上年', '完成了', '取得了', '实现了'],
    why: 'Words that place a figure in the past: 截至2018年底, 累计, 同比增长, 比上年增长.',
  },
  target: {
    id: 'cue-target',
    words: ['目标', '预期', '力争', '争取', '确保', '计划', '拟', '要达到', '将达到', '预计'],
    why: 'Words that announce a figure still to be reached: 主要预期目标是, 力争到2020年, 拟安排.',
  },
  pastInPlan: {
    id: 'cue-past-in-plan',
    words: ['去年', '上年', '过去', '已', '现有', '目前', '截至', '截止'],
    why: 'Inside a plan, only these place a figure in the past: 累计 and 同比 there describe the target itself (发放贷款累计超150亿元).',
  },
  nextStep: {
    id: 'cue-next-step',
    words: ['下一步', '今后', '我们将', '我局将', '我委将', '将继续', '将进一步', '将加快', '将推动', '将加大', '将着力', '将积极', '将深入', '将会同', '将结合'],
    why: 'Explicit promises: a reply\'s 下一步，我局将… is a commitment wherever it stands.',
  },
  promise: {
    id: 'cue-promise',
    words: [
      '加快', '推进', '推动', '继续', '研究制定', '制定', '修订', '出台', '完善', '加强', '深化', '实施', '落实',
      '健全', '建立', '建设', '扩大', '支持', '鼓励', '引导', '强化', '优化', '促进', '开展', '启动', '培育',
      '提高', '提升', '降低', '减少', '取消', '下放', '放宽', '简化', '规范', '坚持', '着力', '抓紧', '大力', '积极',
      '深入', '全面', '进一步', '努力', '力争', '争取', '确保', '稳步', '筹建', '设立', '打造', '构建', '发展',
      '改革', '保障', '增加', '安排', '发行', '用好', '抓好', '做好', '搞好', '办好', '发挥', '切实', '坚决', '持续',
      '严格', '主动', '精准', '压缩', '压减', '认真', '扎实', '全力', '尽快', '逐步', '集合', '聚集', '聚焦', '瞄准', '谋划',
      '科学谋划', '高质量', '高标准', '集聚', '破除', '加大', '组建', '建成', '搭建', '布局', '引进', '吸引', '共建', '稳定', '处理好', '适当', '保持', '坚守', '综合', '统筹', '把握', '维护', '防范', '防止', '实行', '推广', '探索', '鼓励', '整治', '治理', '清理', '壮大', '拓展', '拓宽', '增强', '巩固',
    ],
    why: 'Action verbs that make a sentence in a plan section a promise to act (推进…, 修订…, 研究制定…). They must open the sentence or follow 要/将/必须: 我国是…发展中国家 explains, 加快…建设 promises.',
  },
} as const satisfies Record<string, Lexicon>

export interface FigureRule {
  id: string
  label: SuggestLabel | null
  when: {
    /** The figure's year against the document's year (a deadline year counts as later). */
    year?: 'earlier' | 'later' | 'deadline'
    section?: readonly SectionKind[]
    /** past: anywhere in the sentence; pastClause: a cue-past-in-plan word in the figure's own clause, a comparison base (比上年) aside. */
    cue?: 'past' | 'pastClause' | 'target'
  }
  confidence: number
  why: string
}

/** Walked in order for every figure; the first rule whose conditions all hold labels it. */
export const figureRules: readonly FigureRule[] = [
  {
    id: 'figure-deadline',
    label: 'target',
    when: { year: 'deadline' },
    confidence: 0.95,
    why: '到2020年 / 力争到2021年 opens a target for that year, whatever the section.',
  },
  {
    id: 'figure-later-year',
    label: 'target',
    when: { year: 'later' },
    confidence: 0.9,
    why: 'A figure about a year after the document was written cannot be a result yet.',
  },
  {
    id: 'figure-earlier-year',
    label: 'achievement',
    when: { year: 'earlier' },
    confidence: 0.9,
    why: 'A figure about a year before the document is a result (a 2019 report states 2018 results).',
  },
  {
    id: 'figure-problems',
    label: null,
    when: { section: ['problems'] },
    confidence: 0,
    why: 'Figures in a list of problems measure a gap; proposing them as results misleads.',
  },
  {
    id: 'figure-review-section',
    label: 'achievement',
    when: { section: ['review'] },
    confidence: 0.85,
    why: 'In a look back, even 目标 names a goal that was reached (本届政府减少1/3行政审批事项的目标提前实现).',
  },
  {
    id: 'figure-plan-past-cue',
    label: 'achievement',
    when: { section: ['plan'], cue: 'pastClause' },
    confidence: 0.6,
    why: 'Plans recall last year\'s results (去年…增长6.6%) next to the new target; only the clause counts, since 今年拟安排赤字…，比去年增加… is all plan.',
  },
  {
    id: 'figure-plan-section',
    label: 'target',
    when: { section: ['plan'] },
    confidence: 0.8,
    why: 'Figures in a plan are what the plan sets out to reach or spend (拟安排赤字2.76万亿元).',
  },
  {
    id: 'figure-past-cue',
    label: 'achievement',
    when: { cue: 'past' },
    confidence: 0.75,
    why: '截至, 累计, 同比 outside a plan report a result.',
  },
  {
    id: 'figure-target-cue',
    label: 'target',
    when: { cue: 'target' },
    confidence: 0.7,
    why: '力争, 目标, 预期 outside a review announce a target.',
  },
  {
    id: 'figure-default',
    label: 'achievement',
    when: {},
    confidence: 0.5,
    why: 'Replies and summaries mostly report what was done; a bare figure is most likely a result.',
  },
]

export interface CommitmentRule {
  id: string
  /** statement: any plan sentence that is not framing (framingOpeners, notCommitment). */
  when: { section?: readonly SectionKind[]; cue: 'nextStep' | 'promise' | 'statement' }
  confidence: number
  why: string
}

export const commitmentRules: readonly CommitmentRule[] = [
  {
    id: 'commitment-next-step',
    when: { cue: 'nextStep' },
    confidence: 0.85,
    why: '下一步 / 我局将 / 将继续 is a promise in any section.',
  },
  {
    id: 'commitment-plan-action',
    when: { section: ['plan'], cue: 'promise' },
    confidence: 0.7,
    why: 'In a plan nearly every sentence that starts an action (推进, 修订, 加快…) is a promise.',
  },
  {
    id: 'commitment-plan-default',
    when: { section: ['plan'], cue: 'statement' },
    confidence: 0.5,
    why: 'Plans rarely say anything but what will be done; a plan sentence that does not frame or list targets is proposed, at low confidence, even without a known verb.',
  },
]

/** Words that keep a plan sentence out of commitment-plan-default. */
export const statementExclusions: Lexicon = {
  id: 'statement-exclusions',
  words: ['已', '目标', '预期', '正在'],
  why: '已组织… / 相关工作正在开展 report progress, and sentences about 目标 discuss the targets rather than promise an action.',
}

/** 以广州高新区为核心，加快… opens with its frame; the promise follows. */
export const promiseFrames: Lexicon = {
  id: 'promise-frames',
  words: ['为核心', '为抓手', '为重点', '为主线', '为引领', '为龙头', '为突破口', '为载体', '为依托', '为导向', '为目标'],
  why: '以…为核心/抓手 introduces the means of an action, as in 以新三板挂牌为抓手的…行动计划.',
}

/** A modal anywhere in a plan sentence makes it a promise: 各地要…, 在改革中，要确保…, 必须…. */
export const promiseModals: Lexicon = {
  id: 'promise-modals',
  words: ['要', '将', '必须', '拟', '确保', '力争', '争取', '务必', '只能', '一律'],
  why: 'Modal verbs carry the promise when the sentence opens with its object or circumstances.',
}

/** Characters around 要 that make it part of a word (主要, 重要, 需要, 要求), not a modal. */
export const modalYaoNotAfter = '主重需纲首概摘紧只必扼显想'
export const modalYaoNotBefore = '求素点件害闻务'

/** Sentences opening like this describe the situation rather than promise anything. */
export const framingOpeners: Lexicon = {
  id: 'framing-openers',
  words: ['我国', '当前', '目前', '这', '随着', '新的一年', '总的看', '实践证明', '事实表明', '同时，我国', '从国际看', '从国内看', '今年面临'],
  why: 'Situation statements (我国是…, 当前…, 这既能…) in a plan explain the plan; they are not promises.',
}

/** Figures with no unit written take one from the noun right after them: 6600多万农村人口 counts 人. */
export const followingNounUnits: ReadonlyArray<readonly [string, string]> = [
  ['人口', '人'], ['农民', '人'], ['群众', '人'], ['劳动力', '人'], ['职工', '人'], ['学生', '人'], ['儿童', '人'],
  ['企业', '家'], ['家庭', '户'], ['农户', '户'],
]

/** Figures the engine does not propose, whatever the section. */
export const figureExclusions = {
  /** 三项数据, 两个维护, 五届: small numbers written in characters count items of a list. */
  minChineseNumeral: 10,
  /** …except when they count events or multiples: 降准两次, 增加两倍, 翻一番 (2 倍). */
  smallNumeralUnits: ['次', '倍'] as readonly string[],
  /** A figure followed by one of these counts parts of a text, not results: 从…等7个方面. */
  followedBy: ['方面'],
  why: 'Enumerations, slogans in quotation marks (“3天展会+…+20个基地”) and the structure of a policy are not results or targets.',
} as const

/** Openers skipped before looking for a promise verb at the start of a sentence. */
export const promiseOpeners: Lexicon = {
  id: 'promise-openers',
  words: ['一是', '二是', '三是', '四是', '五是', '六是', '七是', '八是', '九是', '十是', '同时', '今年', '明年', '我们', '我局', '我委', '各地', '政府', '还要', '并', '要', '将', '必须', '拟', '应', '继续', '进一步', '第一', '第二', '第三', '首先', '其次', '此外', '另外'],
  why: 'Enumerators, subjects and modals (一是, 我们要, 将) stand before the verb that makes the promise.',
}

/** Words that make a sentence in a plan commentary rather than a promise. */
export const notCommitment: Lexicon = {
  id: 'not-commitment',
  words: ['主要预期目标是', '主要预期目标', '我们要清醒看到', '必须看到', '当前', '总的看', '综合考虑', '的主要考虑是', '各位代表', '以下', '如下', '责任单位', '主要是：', '主要是:', '牵头单位'],
  why: 'Framing and context sentences in a plan (当前…面临…, 综合考虑…) explain rather than promise.',
}

/** Headings shorter than this, at a line start and ending in 。 or nothing, are not proposed. */
export const HEADING_MAX_CHARS = 40

/** Proposals under this confidence are not made at all. */
export const MIN_CONFIDENCE = 0.4
