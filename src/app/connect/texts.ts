/** Every text of the Connect panel, in English and Simplified Chinese. */
import { defineTexts } from '../i18n.ts';

export const connectTexts = defineTexts(
  {
    title: 'Remote plant (MQTT Sparkplug B)',
    url: 'Broker URL (MQTT over WebSocket)',
    connect: 'Connect',
    disconnect: 'Use the local engine',
    off: 'local engine',
    connecting: 'connecting',
    connected: 'connected',
    disconnected: 'disconnected',
    stale: 'last data shown, stale',
    following: 'following',
    hint: 'Start a plant with `npm run plant -- <model.json>`; it prints its WebSocket URL.',
  },
  {
    title: '远程工厂（MQTT Sparkplug B）',
    url: '代理地址（WebSocket 上的 MQTT）',
    connect: '连接',
    disconnect: '使用本地引擎',
    off: '本地引擎',
    connecting: '正在连接',
    connected: '已连接',
    disconnected: '已断开',
    stale: '显示的是最后的数据，已过时',
    following: '正在跟随',
    hint: '用 `npm run plant -- <model.json>` 启动工厂；它会打印 WebSocket 地址。',
  },
);
