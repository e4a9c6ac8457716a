/**
 * Every text of the app in English and Simplified Chinese. Keys are checked at compile time: the Chinese table must
 * have exactly the English keys.
 */
const en = {
  title: 'FabTwin',
  subtitle: 'Smart-factory digital twin',
  plant: 'Plant',
  level: 'Level',
  speed: 'Speed',
  seed: 'Seed',
  language: 'Language',
  play: 'Play',
  pause: 'Pause',
  step: 'Step',
  reset: 'Reset',
  realTime: 'real time',
  asFastAsPossible: 'as fast as possible',
  simulatedTime: 'Simulated time',
  // The clock's day: `{n}` is the day number (`formatClock`).
  day: 'day {n},',
  kpis: 'Key performance indicators',
  vsL1: 'vs L1',
  noData: 'no data',
  viewFailed: 'This view failed',
  retry: 'Retry',
  chart: 'Work in process over time',
  'chart.shadow': 'Shift output: realised and the twin’s forecast',
  loading: 'Loading model…',
  error: 'Error',
  'level.L1': 'L1 digital',
  'level.L2': 'L2 digital-networked',
  'level.L3': 'L3 intelligent',
  'state.idle': 'idle',
  'state.running': 'running',
  'state.setup': 'setup',
  'state.blocked': 'blocked',
  'state.starved': 'starved',
  'state.down': 'down',
  'state.maintenance': 'maintenance',
  legend: 'Equipment state',
  keyboard: 'Keys: space play/pause, . step, + / - speed',
  inspector: 'Inspector',
  inspectorHint: 'Click a machine in the 3D view to inspect it.',
  unit: 'Equipment',
  state: 'State',
  queue: 'Waiting parts',
  utilization: 'Utilisation so far',
  energy: 'Energy so far',
  capabilities: 'Capability levels',
  camera: 'Camera',
  events: 'Events',
  mes: 'MES (plant-wide data)',
  overlay: 'Overlay',
  'overlay.none': 'Overlay: none',
  'overlay.utilization': 'Overlay: utilisation',
  'overlay.queue': 'Overlay: waiting parts',
  'overlay.vibration': 'Overlay: vibration (health)',
  'overlay.temperature': 'Overlay: temperature',
  'overlay.prediction': 'Overlay: {name} (L3)',
  'prediction.remaining-life': 'predicted remaining life',
  'prediction.defect-rate': 'predicted defect rate',
  'prediction.temperature-setpoint': 'learned temperature setpoint',
  'prediction.feed-setpoint': 'learned feed setpoint',
  toolWear: 'Tool wear since the last tool change',
  mesLearning: 'MES + learning controllers',
  'event.failure': 'failure',
  'event.repair': 'repaired',
  'event.maintenance-done': 'maintenance done',
  'event.trip': 'trip',
  'event.alarm': 'high-temperature alarm',
  'event.interlock': 'interlock: feed and firing cut',
  'event.cleaning-start': 'cleaning started',
  'event.cleaning-done': 'cleaning done',
  'event.grade-change': 'grade change',
  'event.lot-dispatched': 'lot dispatched',
  'event.pm-ordered': 'preventive maintenance ordered',
  decisions: 'Recent decisions',
  views: 'Views',
  'view.twin': 'Live twin',
  'view.compare': 'Paradigm comparison',
  'view.lab': 'Scheduling lab',
  'view.experiments': 'Experiments',
  'view.editor': 'Layout editor',
} as const;

export type TextKey = keyof typeof en;

const zh: Record<TextKey, string> = {
  title: 'FabTwin 数字孪生工厂',
  subtitle: '智能工厂数字孪生',
  plant: '工厂',
  level: '范式层级',
  speed: '速度',
  seed: '随机种子',
  language: '语言',
  play: '运行',
  pause: '暂停',
  step: '单步',
  reset: '重置',
  realTime: '实时',
  asFastAsPossible: '尽可能快',
  simulatedTime: '仿真时间',
  day: '第 {n} 天',
  kpis: '关键绩效指标',
  vsL1: '相对 L1',
  noData: '无数据',
  viewFailed: '此视图出错',
  retry: '重试',
  chart: '在制品随时间变化',
  'chart.shadow': '班次产出：实际值与孪生体预测',
  loading: '正在加载模型…',
  error: '错误',
  'level.L1': 'L1 数字化',
  'level.L2': 'L2 数字化网络化',
  'level.L3': 'L3 新一代智能',
  'state.idle': '空闲',
  'state.running': '运行',
  'state.setup': '换型',
  'state.blocked': '阻塞',
  'state.starved': '缺料',
  'state.down': '故障',
  'state.maintenance': '维护',
  legend: '设备状态',
  keyboard: '按键：空格 运行/暂停，. 单步，+ / - 速度',
  inspector: '设备详情',
  inspectorHint: '在三维视图中点击设备查看详情。',
  unit: '设备',
  state: '状态',
  queue: '等待工件',
  utilization: '累计利用率',
  energy: '累计能耗',
  capabilities: '各能力层级',
  camera: '视角',
  events: '事件',
  mes: 'MES（全厂数据）',
  overlay: '叠加信息',
  'overlay.none': '叠加：无',
  'overlay.utilization': '叠加：利用率',
  'overlay.queue': '叠加：等待工件',
  'overlay.vibration': '叠加：振动（健康状态）',
  'overlay.temperature': '叠加：温度',
  'overlay.prediction': '叠加：{name}（L3）',
  'prediction.remaining-life': '预测剩余寿命',
  'prediction.defect-rate': '预测缺陷率',
  'prediction.temperature-setpoint': '学习所得温度设定值',
  'prediction.feed-setpoint': '学习所得进料设定值',
  toolWear: '换刀后的刀具磨损',
  mesLearning: 'MES + 自学习控制器',
  'event.failure': '故障',
  'event.repair': '修复完成',
  'event.maintenance-done': '保养完成',
  'event.trip': '跳车',
  'event.alarm': '高温报警',
  'event.interlock': '联锁：切断进料和燃料',
  'event.cleaning-start': '开始清洗',
  'event.cleaning-done': '清洗完成',
  'event.grade-change': '牌号切换',
  'event.lot-dispatched': '派工批次',
  'event.pm-ordered': '安排预防性维护',
  decisions: '最近决策',
  views: '视图',
  'view.twin': '实时孪生',
  'view.compare': '范式对比',
  'view.lab': '调度实验室',
  'view.experiments': '实验',
  'view.editor': '布局编辑器',
};

/** KPI labels by key; unknown keys fall back to the model's own label. */
const kpiNames: Record<'en' | 'zh', Record<string, string>> = {
  en: {
    throughput: 'Throughput',
    wip: 'Work in process',
    timeInSystem: 'Time in system',
    utilization: 'Utilisation',
    efficiency: 'Production efficiency',
    energyUtilization: 'Energy utilisation',
    operatingCost: 'Operating cost',
    developmentCycle: 'Development cycle',
    defectRate: 'Defect rate',
    oee: 'OEE',
    leadTime: 'Lead time',
    energyPerUnit: 'Energy per unit',
    costPerUnit: 'Cost per unit',
  },
  zh: {
    throughput: '产出率',
    wip: '在制品',
    timeInSystem: '系统停留时间',
    utilization: '利用率',
    vehicleUtilization: 'AGV 利用率',
    emptyTravel: 'AGV 空驶占比',
    transportWait: '运输等待时间',
    efficiency: '生产效率',
    energyUtilization: '能源利用率',
    operatingCost: '运营成本',
    developmentCycle: '产品研制周期',
    defectRate: '不良品率',
    oee: '设备综合效率',
    leadTime: '交付周期',
    energyPerUnit: '单位能耗',
    costPerUnit: '单位成本',
    // 3C machining plant
    efficiencyPerLabourHour: '人均工时产出（合格件/人·时）',
    efficiencyPerMachineHour: '设备工时产出（合格件/台·时，切削、换型、停机，不含空闲）',
    systemsCost: '其中：本级信息化投入（传感器、测头、网络、MES、算力、许可、培训）',
    availability: '可用率',
    performance: '性能效率',
    quality: '质量合格率',
    setupShare: '换型时间占比',
    downShare: '停机与维护时间占比',
    onTimeDelivery: '准时交付率',
    energyPerGoodUnit: '单件合格品能耗',
    scrapRate: '报废率',
    mtbf: '平均故障间隔（实测）',
    mttr: '平均修复时间（实测）',
    failures: 'CNC 故障次数',
    stockoutHours: '毛坯缺料时间',
    learnDispatchFirstWeek: '调度回报，第一周',
    learnDispatchLastWeek: '调度回报，最后一周',
    learnQualityFirstWeek: '漂移缺陷率，第一周',
    learnQualityLastWeek: '漂移缺陷率，最后一周',
    learnMaintenanceFirstWeek: '故障与维护损失工时，第一周',
    learnMaintenanceLastWeek: '故障与维护损失工时，最后一周',
    learnEnergyFirstWeek: 'CNC 非切削能耗，第一周',
    learnEnergyLastWeek: 'CNC 非切削能耗，最后一周',
    learnSupplyFirstWeek: '缺料时间，第一周',
    learnSupplyLastWeek: '缺料时间，最后一周',
    npiTrialsFirstVariant: '试切次数，第一个新品',
    npiTrialsLastVariant: '试切次数，最后一个新品',
    // petrochemical plant
    yield: '收率（合格 B / 消耗 A）',
    energyPerTonne: '吨产品燃料与蒸汽消耗',
    profit: '经营毛利',
    gradeChangeOffSpec: '每次牌号切换的不合格品',
    qualityError: '决策所见质量的平均误差',
    iaeReactorT: '反应温度 IAE',
    sdReactorT: '反应温度标准差',
    alarms: '高温报警',
    violations: '超限时间占比',
    cleanings: '夹套清洗次数',
    changeoverTime: '牌号切换时间',
    developmentCost: '新牌号试产成本',
    developmentTrials: '新牌号工业试验次数',
  },
};

/** Capability names by key, for the level matrix; unknown keys show as they are. */
const capabilityNames: Record<'en' | 'zh', Record<string, string>> = {
  en: {
    dispatching: 'Dispatching',
    maintenance: 'Maintenance',
    quality: 'Quality',
    energy: 'Energy',
    supply: 'Supply',
    newProducts: 'New products',
    control: 'Regulatory control',
    setpoints: 'Setpoints',
    gradeChange: 'Grade change',
    transport: 'Transport (AGV dispatching)',
  },
  zh: {
    dispatching: '调度',
    maintenance: '维护',
    quality: '质量',
    energy: '能源',
    supply: '供应',
    newProducts: '新产品',
    control: '基础控制',
    setpoints: '设定值',
    gradeChange: '牌号切换',
    transport: '运输（AGV 调度）',
  },
};

export function capabilityName(language: Language, key: string): string {
  return capabilityNames[language][key] ?? key;
}

export const LANGUAGES = { en: 'English', zh: '简体中文' } as const;
export type Language = keyof typeof LANGUAGES;
const tables: Record<Language, Record<TextKey, string>> = { en, zh };

export function detectLanguage(browserLanguage: string | undefined): Language {
  return browserLanguage?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function translate(language: Language, key: TextKey): string {
  return tables[language][key];
}

/**
 * A feature's own texts (the scheduling lab, the editor, ...), kept beside the feature instead of in one growing table.
 * The Chinese table must have exactly the English keys (checked at compile time); read them with `useTexts`.
 */
export interface TextTable<K extends string> {
  readonly en: Readonly<Record<K, string>>;
  readonly zh: Readonly<Record<K, string>>;
}

export function defineTexts<const E extends Record<string, string>>(en: E, zh: Readonly<Record<keyof E & string, string>>): TextTable<keyof E & string> {
  return { en, zh };
}

/** `{name}` placeholders in a text filled from `values`. */
export function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Per-cell KPIs of the machining plant (`oeeCnc3`) are named from their base KPI and the cell number. */
const PER_CELL = /^(oee|availability|performance|quality)Cnc(\d+)$/;

export function kpiName(language: Language, key: string, fallback: string): string {
  const named = kpiNames[language][key];
  if (named) return named;
  const cell = PER_CELL.exec(key);
  if (cell && language === 'zh') return `CNC 单元 ${cell[2]} ${kpiNames.zh[cell[1]!]}`;
  // English names come from the model's own KPI definitions.
  return fallback;
}

/** The name of a learning controller's per-unit reading (`PlantView.predictions`); unknown names as they are. */
export function predictionName(language: Language, name: string): string {
  const key = `prediction.${name}`;
  return key in en ? translate(language, key as TextKey) : name;
}

export const textKeys = Object.keys(en) as TextKey[];
export const kpiNameTables = kpiNames;
export const capabilityNameTables = capabilityNames;
