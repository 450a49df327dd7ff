/// <reference types="vite/client" />
import type { LabApi } from '@shared/api';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    lab?: LabApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

export {};
