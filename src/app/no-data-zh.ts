/** The Chinese of the reasons the shipped models give for a KPI without data (see no-data.ts). */
import { GENERIC_NO_DATA } from '../core/experiment/kpi-value.ts';

export const ZH_REASONS: Readonly<Record<string, string>> = {
  [GENERIC_NO_DATA]: '尚无运行给出该值',
  'the value overflowed (not a finite number)': '数值溢出（非有限数）',
  'the L1 value is 0, so a percent change is undefined': 'L1 的值为 0，百分比变化无定义',
  'no simulated time after the warmup yet': '预热期后尚无模拟时间',
  'warm-up not over': '预热期未结束',
  'no job left the line after the warmup yet': '预热期后尚无工件离开产线',
  'no good housing yet': '尚无合格外壳',
  'no housing machined yet': '尚无外壳加工',
  'no order completed yet': '尚无订单完成',
  'no order due yet': '尚无订单到期',
  'no new variant qualified yet': '尚无新品发布并达标',
  'no CNC failure yet': '尚无 CNC 故障',
  'no CNC repair yet': '尚无 CNC 维修完成',
  'that week is not over': '该周尚未结束',
  'no on-spec product yet': '尚无合格产品',
  'no reactant used yet': '尚无反应物消耗',
  'no product yet': '尚无产品',
  'no grade change yet': '尚无牌号切换',
  'new grade not released yet': '新牌号尚未发布',
};
