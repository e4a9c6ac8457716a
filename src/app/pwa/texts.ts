/** Texts of the offline / update prompt, in English and Simplified Chinese. */
import { defineTexts } from '../i18n.ts';

export const pwaTexts = defineTexts(
  {
    offlineReady: 'FabTwin is saved on this device: it now opens without a network.',
    updateAvailable: 'A new version of FabTwin is available.',
    reload: 'Reload to update',
    later: 'Later',
    dismiss: 'OK',
  },
  {
    offlineReady: 'FabTwin 已保存到本设备：现在无需网络即可打开。',
    updateAvailable: 'FabTwin 有新版本。',
    reload: '重新加载以更新',
    later: '稍后',
    dismiss: '好',
  },
);
