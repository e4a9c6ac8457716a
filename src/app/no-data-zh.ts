/** The Chinese of the reasons the shipped models give for a KPI without data (see no-data.ts). */
import { GENERIC_NO_DATA } from '../core/experiment/kpi-value.ts';

export const ZH_REASONS: Readonly<Record<string, string>> = {
  [GENERIC_NO_DATA]: '尚无运行给出该值',
  'the value overflowed (not a finite number)': '数值溢出（非有限数）',
  'the L1 value is 0, so a percent change is undefined': 'L1 的值为 0，百分比变化无定义',
  'no simulated time after the warmup yet': '预热期后尚无模拟时间',
  'no simulated time after the warm-up yet': '预热期后尚无模拟时间',
  'no job left the line after the warmup yet': '预热期后尚无工件离开产线',
  'no good housing shipped after the warm-up yet': '预热期后尚无合格外壳出货',
  'no housing machined after the warm-up yet': '预热期后尚无外壳加工完成',
  'no order completed yet': '尚无订单完成',
  'no order due yet': '尚无订单到期',
  'no new variant released and qualified yet': '尚无新品发布并达标',
  'no CNC failure yet': '尚无 CNC 故障',
  'no CNC repair finished yet': '尚无 CNC 维修完成',
  'that week of the run has not ended yet': '该周尚未结束',
  'no on-spec product after the warm-up yet': '预热期后尚无合格产品',
  'no reactant consumed after the warm-up yet': '预热期后尚无反应物消耗',
  'no product made after the warm-up yet': '预热期后尚无产品',
  'no grade change yet': '尚无牌号切换',
  'the new grade has not been released yet': '新牌号尚未发布',
};
