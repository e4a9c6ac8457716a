/** Simulation optimisation: search over model parameters with common random numbers, then Kim-Nelson selection. */
export { optimize, StudyError, type Evaluation, type OptimizationProgress, type OptimizationResult } from './optimize.ts';
export { kimNelson, type SelectionOptions, type SelectionResult } from './selection.ts';
export { parseStudy, studySchema, type Study, type StudyInput } from './spec.ts';
