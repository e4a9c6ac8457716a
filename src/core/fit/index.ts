/** Input modelling: fit distributions to observed times, rank them and test the fits. */
export { fitDistributions, type FamilyFit, type FitOptions, type FitReport, type SampleSummary, type TestResult } from './fit.ts';
export {
  FAMILIES,
  FAMILY_FITTERS,
  exponentialDistribution,
  gammaDistribution,
  lognormalDistribution,
  normalDistribution,
  triangularDistribution,
  uniformDistribution,
  weibullDistribution,
  type Distribution,
  type FamilyName,
} from './families.ts';
export { adStatistic, chiSquareBinned, chiSquareEquiprobable, ksStatistic, type ChiSquareResult } from './goodness.ts';
export { FitDataError, csvColumns, parseSample, type Sample, type SampleOptions } from './sample.ts';
