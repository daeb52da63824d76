/** The checks a team may waive for one image, with an `exceptions` entry and a reason. */
export const WAIVABLE_CHECKS = {
  'rebuild-cadence': 'the schedule rebuilds at least every platform maximum (default 90 days)',
  'image-tests': 'image tests are enabled',
  'image-scanning': 'image scanning is enabled',
  'organization-sharing': 'AMIs are shared only inside the platform organization and account directory',
} as const;

export type WaivableCheck = keyof typeof WAIVABLE_CHECKS;

export const WAIVABLE_CHECK_IDS = Object.keys(WAIVABLE_CHECKS) as [WaivableCheck, ...WaivableCheck[]];
