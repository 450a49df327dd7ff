/** The connection to the lab and what it says about itself: shell, real mode, presets. */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { AppInfo, LabApi, Preset } from '@shared/api';
import { connectLab } from '../api/lab';
import type { Lang } from '../i18n';
import { messages, useI18n } from '../i18n';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const presets = shallowRef<Preset[]>([]);
  /** Why the lab cannot be reached (no token, host stopped); null while connected. */
  const connectionError = ref<string | null>(null);
  const ready = ref(false);
  let api: LabApi | null = null;

  function lab(): LabApi {
    if (!api) throw new Error(connectionError.value ?? 'not connected to the lab');
    return api;
  }

  async function init(): Promise<void> {
    try {
      const connection = connectLab();
      api = connection.api;
      connection.onClose((reason) => (connectionError.value = messages().app.disconnected(reason)));
      const [appInfo, presetList] = await Promise.all([api.appInfo({}), api.listPresets({})]);
      info.value = appInfo;
      presets.value = presetList;
      ready.value = true;
      // The main side remembers the language and builds the desktop menu in it: told now and at each switch.
      watch(useI18n().lang, tellLanguage, { immediate: true });
    } catch (err) {
      connectionError.value = (err as Error).message;
    }
  }

  /** Tells the main side the window's language; a failure leaves the menu as it was (logged, the window is unaffected). */
  function tellLanguage(l: Lang): void {
    api?.setLanguage({ lang: l }).catch((err: unknown) => console.warn(`Fault Lab: the menu's language was not changed (${(err as Error).message})`));
  }

  return { info, presets, connectionError, ready, init, lab };
});
