export { suggest, withoutKnown, type KnownSpan, type Proposal, type SuggestInput } from './engine'
export { segment, type Paragraph, type Sentence } from './segment'
export * from './rules'
