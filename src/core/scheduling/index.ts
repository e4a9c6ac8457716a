/** The scheduling library: job-shop model, dispatching rules, tabu search, flexible job shop, learned dispatcher. */
export * from './instance.ts';
export * from './schedule.ts';
export * from './dispatch.ts';
export * from './rules.ts';
export * from './bounds.ts';
export * from './generator.ts';
export * from './tabu.ts';
export * from './flexible.ts';
export * from './learned.ts';
export * from './train.ts';
export * from './catalog.ts';
export * from './repair.ts';
export * from './expression.ts';
export * from './leaderboard.ts';
export * from './generalisation.ts';
