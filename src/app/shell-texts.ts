/** Texts of the first-view invitation, the theme choice and the scene's text alternative, in English and Chinese. */
import { defineTexts } from './i18n.ts';

export const shellTexts = defineTexts(
  {
    'invite.title': 'New here?',
    'invite.body':
      'The guided tour walks this plant from L1 (digital) to L3 (new-generation intelligent) in a few minutes, and shows where each gain comes from.',
    'invite.start': 'Start the guided tour',
    'invite.dismiss': 'Explore on my own',
    theme: 'Theme',
    'theme.system': 'Follow the system',
    'theme.light': 'Light',
    'theme.dark': 'Dark',
    'camera.hint': 'Drag to orbit, right-drag to pan, scroll to zoom, double-click a machine to fly to it.',
    'summary.label': 'Plant summary',
    'summary.text': '{plant} at {level}, {state}. {units}: {busy} working, {idle} idle, {down} down or in maintenance. {clock}.',
    // Plural forms by Intl.PluralRules category (`one`, `other`).
    'summary.units.one': '{n} unit',
    'summary.units.other': '{n} units',
    'summary.running': 'running',
    'summary.paused': 'paused',
  },
  {
    'invite.title': '第一次使用？',
    'invite.body': '导览用几分钟带您把这座工厂从 L1（数字化）走到 L3（新一代智能），并说明每项提升从何而来。',
    'invite.start': '开始导览',
    'invite.dismiss': '自行探索',
    theme: '主题',
    'theme.system': '跟随系统',
    'theme.light': '浅色',
    'theme.dark': '深色',
    'camera.hint': '拖动旋转，右键拖动平移，滚轮缩放，双击设备飞到近处。',
    'summary.label': '工厂概况',
    'summary.text': '{plant}，{level}，{state}。{units}：{busy} 台加工中，{idle} 台空闲，{down} 台故障或维护中。{clock}。',
    'summary.units.one': '共 {n} 台设备',
    'summary.units.other': '共 {n} 台设备',
    'summary.running': '运行中',
    'summary.paused': '已暂停',
  },
);
