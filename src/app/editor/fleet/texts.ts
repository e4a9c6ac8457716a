import { defineTexts } from '../../i18n.ts';

export const fleetTexts = defineTexts(
  {
    title: 'AGV fleet',
    enabled: 'AGV routes use a fleet (calls wait for a vehicle)',
    vehicles: 'Vehicles',
    speed: 'Speed (m per {unit})',
    loadTime: 'Load time ({unit})',
    unloadTime: 'Unload time ({unit})',
    dispatching: 'Dispatching',
    'dispatching.nearest': 'nearest idle vehicle',
    'dispatching.fcfs': 'first come, first served',
    hint: 'Without a fleet an AGV route is a delay with unlimited vehicles. At L3 the fleet dispatches with look-ahead.',
    noRoutes: 'Draw an AGV route between two stations to give the line a fleet.',
  },
  {
    title: 'AGV 车队',
    enabled: 'AGV 路线使用车队（呼叫需等待车辆）',
    vehicles: '车辆数',
    speed: '速度（米/{unit}）',
    loadTime: '装载时间（{unit}）',
    unloadTime: '卸载时间（{unit}）',
    dispatching: '调度规则',
    'dispatching.nearest': '最近空闲车辆',
    'dispatching.fcfs': '先到先服务',
    hint: '没有车队时，AGV 路线是车辆数无限的延时。L3 时车队按前瞻规则调度。',
    noRoutes: '在两个工位之间画一条 AGV 路线，即可为产线设置车队。',
  },
);
