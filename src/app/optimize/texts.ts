import { defineTexts } from '../i18n.ts';

export const optimizeTexts = defineTexts(
  {
    title: 'Optimise this model',
    intro:
      'Decision variables (model parameters by JSON path, bounds and steps), an objective (a KPI or weighted terms), constraints, a search budget with replications per point (common random numbers), and a final Kim-Nelson selection among the best points with its indifference zone and confidence. The same study runs in the CLI: npm run optimize -- study.json.',
    study: 'Study (JSON)',
    run: 'Optimise',
    cancel: 'Cancel',
    progress: 'Evaluations {done} / {budget}',
    bestSoFar: 'best so far {mean} ± {ci}',
    selecting: 'selecting among the best…',
    explored: 'Explored points',
    objective: 'Objective',
    feasible: 'Feasible',
    best: 'Best',
    replications: '{count} replications in the worker pool',
    yes: 'yes',
    no: 'no',
    curve: 'Best so far by evaluations',
    cancelled: 'Cancelled.',
  },
  {
    title: '优化此模型',
    intro:
      '决策变量（按 JSON 路径指定的模型参数，含上下界与步长）、目标（一个 KPI 或加权项）、约束、搜索预算与每点重复次数（公共随机数），最后用 Kim-Nelson 程序在最优的几个点中选择，并给出无差异区间与置信度。同一研究也可在命令行运行：npm run optimize -- study.json。',
    study: '研究（JSON）',
    run: '优化',
    cancel: '取消',
    progress: '已评估 {done} / {budget}',
    bestSoFar: '当前最优 {mean} ± {ci}',
    selecting: '正在最优点中选择…',
    explored: '已探索的点',
    objective: '目标',
    feasible: '可行',
    best: '最优',
    replications: '工作线程池中共 {count} 次重复',
    yes: '是',
    no: '否',
    curve: '当前最优随评估次数',
    cancelled: '已取消。',
  },
);
