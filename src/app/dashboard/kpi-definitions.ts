/**
 * What each KPI means, for the definition shown when a KPI card or a KPI table row is hovered or focused: the formula,
 * and where the simulation measures it, in English and Chinese (the unit is added from the KPI's own definition).
 * Keys that mean different things in the two plants (efficiency is housings per hour in one, tonnes per hour in
 * the other) are looked up per plant family first.
 */
import type { Language } from '../i18n.ts';
import { measureUnit } from '../units.ts';

type Text = { en: string; zh: string };
export type PlantFamily = 'machining' | 'process' | 'flow';

/** The family of a model id: the two plants, else a flow line (teaching models, the editor's layouts). */
export function plantFamily(modelId: string): PlantFamily {
  return modelId === '3c-machining' ? 'machining' : modelId === 'petrochemical' ? 'process' : 'flow';
}

/** The family from a model's KPIs, where only the KPIs are at hand (a comparison report). */
export function familyOfKpis(kpis: readonly { key: string }[]): PlantFamily {
  const keys = new Set(kpis.map((k) => k.key));
  return keys.has('oee') && keys.has('developmentCycle') ? 'machining' : keys.has('iaeReactorT') ? 'process' : 'flow';
}

const MACHINING: Record<string, Text> = {
  efficiency: {
    en: 'Good housings shipped ÷ operating hours of the plant. Counted at the packing station; scrapped and reworked parts do not count.',
    zh: '合格外壳出货数 ÷ 工厂运行小时。在包装工位计数；报废与返工件不计。',
  },
  efficiencyPerLabourHour: {
    en: 'Good housings shipped ÷ operator hours paid (the shift crew over the run).',
    zh: '合格外壳出货数 ÷ 支付的操作工工时（整个运行期间的班组）。',
  },
  efficiencyPerMachineHour: {
    en: 'Good housings shipped ÷ CNC hours used (cutting, set-ups, down and maintenance; idle hours excluded), after the warm-up.',
    zh: '合格外壳出货数 ÷ 已使用的 CNC 小时（切削、换型、停机与维护，不含空闲），预热期之后。',
  },
  systemsCost: {
    en: 'Part of the operating cost: what the level installs beyond L1 (sensors, in-machine probes, network and MES, computing, licences, training), capital amortised plus running cost, ÷ good housings shipped.',
    zh: '运营成本的一部分：本级在 L1 之外的投入（传感器、机内测头、网络与 MES、算力、许可、培训），资本摊销加运行费用，÷ 合格外壳出货数。',
  },
  throughput: { en: 'Good housings shipped per simulated day.', zh: '每模拟日出货的合格外壳数。' },
  oee: {
    en: "Overall equipment effectiveness of the CNC cells: availability × performance × quality, from each cell's cutting, set-up, down and idle time and its good output.",
    zh: 'CNC 单元的设备综合效率：可用率 × 性能率 × 质量率，由各单元的切削、换型、停机与空闲时间及合格产出算得。',
  },
  availability: { en: 'Cutting time ÷ calendar time of the CNC cells (OEE availability).', zh: 'CNC 单元切削时间 ÷ 日历时间（OEE 可用率）。' },
  performance: {
    en: 'Ideal cutting time of the parts made ÷ actual cutting time (OEE performance).',
    zh: '所加工零件的理想切削时间 ÷ 实际切削时间（OEE 性能率）。',
  },
  quality: {
    en: 'Ideal time of the good housings ÷ ideal time of all housings machined (OEE quality).',
    zh: '合格外壳的理想时间 ÷ 全部已加工外壳的理想时间（OEE 质量率）。',
  },
  utilization: { en: 'Share of CNC calendar time spent cutting.', zh: 'CNC 日历时间中用于切削的比例。' },
  setupShare: { en: 'Share of CNC time in set-ups, including waiting for an operator to do them.', zh: 'CNC 用于换型的时间比例，含等待操作工的时间。' },
  downShare: { en: 'Share of CNC time down or in maintenance, including waiting for an operator.', zh: 'CNC 故障或维护的时间比例，含等待操作工的时间。' },
  wip: {
    en: 'Housings in the plant, averaged over time (blanks released and not yet shipped or scrapped).',
    zh: '厂内在制外壳数的时间平均值（已投料、尚未出货或报废）。',
  },
  leadTime: { en: 'Mean time from order release to its last housing shipped, over completed orders.', zh: '已完成订单从下达到最后一件出货的平均时间。' },
  onTimeDelivery: { en: 'Orders shipped complete by their due date ÷ orders due so far.', zh: '按期交付的订单 ÷ 截至目前到期的订单。' },
  energyPerGoodUnit: { en: 'Metered energy (cutting, idle, base load) ÷ good housings shipped.', zh: '计量能耗（切削、空转、基础负荷）÷ 合格外壳出货数。' },
  energyUtilization: {
    en: 'Ideal energy content of the good housings shipped ÷ metered energy including the base load.',
    zh: '合格出货外壳的理想能耗 ÷ 含基础负荷的计量能耗。',
  },
  operatingCost: {
    en: "Labour, energy, material, scrap, maintenance, inventory and the level's own systems cost over the run ÷ good housings shipped.",
    zh: '运行期间的人工、能源、材料、报废、维护、库存与本级信息化成本 ÷ 合格外壳出货数。',
  },
  defectRate: { en: '(Scrap + rework + escapes found downstream) ÷ housings machined.', zh: '（报废 + 返工 + 下游发现的漏检）÷ 已加工外壳数。' },
  scrapRate: { en: 'Scrapped housings ÷ housings machined.', zh: '报废外壳 ÷ 已加工外壳数。' },
  developmentCycle: {
    en: 'New variants: hours from release to the trial that reached the target yield (variants still open at the end count with the time so far).',
    zh: '新品变型：从发布到达到目标良率的试制所用小时（结束时仍未完成的按已用时间计）。',
  },
  mtbf: { en: 'Cutting hours ÷ CNC failures observed in the run.', zh: '切削小时 ÷ 运行中观测到的 CNC 故障次数。' },
  mttr: {
    en: 'Mean time from a CNC failure to the cell back in service, waiting for a technician included.',
    zh: 'CNC 从故障到恢复使用的平均时间，含等待维修人员。',
  },
  failures: { en: 'CNC failures during the run.', zh: '运行期间的 CNC 故障次数。' },
  stockoutHours: { en: 'Hours a CNC cell waited for blanks that were out of stock.', zh: 'CNC 单元因毛坯缺货而等待的小时数。' },
  npiTrialsFirstVariant: { en: 'Trials needed to bring the first new variant to target yield.', zh: '第一个新品变型达到目标良率所需的试制次数。' },
  npiTrialsLastVariant: {
    en: 'Trials needed to bring the last new variant to target yield (learning shows as fewer trials).',
    zh: '最后一个新品变型达到目标良率所需的试制次数（学习效果体现为次数减少）。',
  },
};

/** Learning measures: first and last week of the measure each L3 controller optimises (the L2 rule at L1/L2). */
const LEARNING: Record<string, Text> = {
  Dispatch: { en: 'dispatching reward: ideal CNC hours ÷ available CNC hours', zh: '调度回报：理想 CNC 小时 ÷ 可用 CNC 小时' },
  Quality: { en: 'drift defects ÷ housings machined', zh: '漂移缺陷 ÷ 已加工外壳数' },
  Maintenance: { en: 'CNC hours lost to failures and maintenance per day', zh: '每天因故障和维护损失的 CNC 小时' },
  Energy: { en: 'CNC non-cutting energy per day', zh: '每天 CNC 非切削能耗' },
  Supply: { en: 'stock-out hours per day', zh: '每天缺料小时数' },
};

const PROCESS: Record<string, Text> = {
  efficiency: {
    en: 'On-spec product B made ÷ calendar hours, from the separator outlet and the analyser.',
    zh: '合格产品 B 产量 ÷ 日历小时，取自分离器出口与分析仪。',
  },
  energyUtilization: {
    en: 'On-spec B made ÷ fuel and steam used (GJ), from the heater and jacket duties.',
    zh: '合格 B 产量 ÷ 燃料与蒸汽消耗（GJ），取自加热炉与夹套热负荷。',
  },
  operatingCost: {
    en: "Feed, fuel, steam, cooling, off-spec handling and the level's own systems cost ÷ tonnes of on-spec B.",
    zh: '原料、燃料、蒸汽、冷却、不合格品处理与本级信息化成本 ÷ 合格 B 吨数。',
  },
  developmentCycle: {
    en: 'New-grade development: hours of plant trials until a grade whose operating window is unknown is qualified (lab and plant trials at L1, model-based at L2, a learned model at L3).',
    zh: '新牌号开发：操作窗口未知的新牌号经工业试验直至合格所用的小时数（L1 化验与工业试验，L2 基于模型，L3 学习模型）。',
  },
  changeoverTime: {
    en: 'Grade changeover: hours with feed from the release of a known grade to steady on-spec production (changes cut off by the run end are censored, not counted as short).',
    zh: '牌号切换：已知牌号从发布到稳定生产合格品的有进料小时数（被运行结束截断的切换按删失处理）。',
  },
  developmentCost: {
    en: "Cost of the new grade's trials: production sold as off-spec and lab analyses.",
    zh: '新牌号试验成本：按不合格品出售的产量与化验费用。',
  },
  developmentTrials: { en: 'Plant trials needed to qualify the new grade.', zh: '新牌号合格所需的工业试验次数。' },
  defectRate: { en: 'Off-spec B ÷ all B produced.', zh: '不合格 B ÷ 全部 B 产量。' },
  yield: { en: 'On-spec B made ÷ reactant A consumed, in moles.', zh: '合格 B 产量 ÷ 消耗的反应物 A（摩尔）。' },
  energyPerTonne: { en: 'Fuel and steam (GJ) ÷ tonnes of on-spec B.', zh: '燃料与蒸汽（GJ）÷ 合格 B 吨数。' },
  profit: { en: 'Value of on-spec B minus feed, energy and off-spec cost, per hour.', zh: '合格 B 的价值减去原料、能源与不合格品成本，按小时计。' },
  gradeChangeOffSpec: { en: 'Off-spec B made during each grade change, on average.', zh: '每次牌号切换期间产生的不合格 B 平均量。' },
  qualityError: {
    en: 'Mean error of the composition the controllers see (analyser or soft sensor) against the true one.',
    zh: '控制器所见组成（分析仪或软测量）与真实组成的平均误差。',
  },
  iaeReactorT: { en: 'Integral of the absolute reactor temperature error from its setpoint, per day.', zh: '反应器温度偏离设定值的绝对误差积分，按天计。' },
  sdReactorT: { en: 'Standard deviation of the reactor temperature about its setpoint.', zh: '反应器温度相对设定值的标准差。' },
  alarms: { en: 'High-temperature alarms raised per day.', zh: '每天触发的高温报警次数。' },
  violations: { en: 'Share of time above the alarm limit or the separator limit.', zh: '高于报警限或分离器限值的时间比例。' },
  availability: { en: 'Share of time with feed flowing (not tripped or cleaning).', zh: '有进料的时间比例（未联锁停车或清洗）。' },
  cleanings: { en: 'Reactor jacket cleanings (fouling removed), per 30 days.', zh: '反应器夹套清洗次数（清除结垢），每 30 天。' },
};

const FLOW: Record<string, Text> = {
  throughput: { en: 'Jobs leaving the line through its sinks ÷ elapsed time.', zh: '经出口离开产线的工件数 ÷ 经过时间。' },
  wip: { en: 'Jobs in the line (queues, service and transport), averaged over time.', zh: '线上工件数（排队、加工与运输）的时间平均值。' },
  timeInSystem: { en: "Mean time from a job's arrival to its departure, over departed jobs.", zh: '已离开工件从到达到离开的平均时间。' },
  utilization: { en: 'Busy servers ÷ servers, averaged over time and over the stations.', zh: '忙碌服务台 ÷ 服务台数，按时间与工位平均。' },
  availability: { en: 'Share of time up, averaged over the stations that can break down.', zh: '可发生故障的工位的可用时间比例平均值。' },
  vehicleUtilization: { en: "Share of the AGVs' time driving, loading or unloading, averaged over the fleet.", zh: 'AGV 行驶、装卸时间占比，按车队平均。' },
  emptyTravel: { en: 'Distance the AGVs drove empty ÷ all distance driven.', zh: 'AGV 空驶距离 ÷ 总行驶距离。' },
  transportWait: { en: "Mean time from a station's call for transport to a vehicle loading the job.", zh: '从工位呼叫运输到车辆装载工件的平均时间。' },
};

const PER_CELL = /^(oee|availability|performance|quality)Cnc(\d+)$/;
const LEARNING_KEY = /^learn(\w+?)(FirstWeek|LastWeek)$/;

/** The definition of a KPI (formula and source) followed by its unit, or undefined for a KPI not described here. */
export function kpiDefinition(language: Language, family: PlantFamily, key: string, unit: string): string | undefined {
  const unitText = unit ? (language === 'zh' ? `单位：${measureUnit('zh', unit)}` : `Unit: ${unit}`) : '';
  const withUnit = (text: string) => (!unitText ? text : language === 'zh' ? `${text}${unitText}。` : `${text} ${unitText}.`);
  const table = family === 'machining' ? MACHINING : family === 'process' ? PROCESS : FLOW;
  const own = table[key];
  if (own) return withUnit(own[language]);
  const cell = PER_CELL.exec(key);
  if (cell && family === 'machining') {
    const base = MACHINING[cell[1]!]!;
    return withUnit(language === 'zh' ? `CNC 单元 ${cell[2]}：${base.zh}` : `CNC cell ${cell[2]} only: ${base.en}`);
  }
  const learning = LEARNING_KEY.exec(key);
  if (learning && LEARNING[learning[1]!]) {
    const measure = LEARNING[learning[1]!]!;
    const first = learning[2] === 'FirstWeek';
    return withUnit(
      language === 'zh'
        ? `${first ? '第一周' : '最后一周'}的${measure.zh}（L3 学习控制器所优化的量；L1/L2 为规则的值），取自运行的学习曲线。`
        : `${measure.en}, ${first ? 'first' : 'last'} week of the run (what the L3 learning controller optimises; the L2 rule's value below L3), from the run's learning curves.`,
    );
  }
  return undefined;
}
