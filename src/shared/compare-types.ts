// The values the compare contract validates against. Kept apart from compare.ts so that the
// contract (which the preload bundles) does not pull in the script converter.
export const compareStatuses = ['met', 'missed', 'no-evidence', 'not-due'] as const
export type CompareStatus = (typeof compareStatuses)[number]

export const followUpStatuses = ['done', 'in-progress', 'dropped', 'none'] as const
export type FollowUpStatus = (typeof followUpStatuses)[number]
