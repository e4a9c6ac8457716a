/** Simulation optimisation: search over model parameters with common random numbers, then Kim-Nelson selection. */
export {
  optimizationSteps,
  optimize,
  paretoFront,
  replicationSpec,
  StudyError,
  type Evaluation,
  type EvaluationRequest,
  type EvaluationResults,
  type OptimizationProgress,
  type OptimizationResult,
  type OptimizationStep,
} from './optimize.ts';
export { kimNelson, kimNelsonSteps, type SelectionOptions, type SelectionResult } from './selection.ts';
export { parseStudy, studySchema, type Study, type StudyInput } from './spec.ts';
