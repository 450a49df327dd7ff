/** The renderer's entry: zod without eval first, then Pinia, Element Plus and the app. */
import './zod-setup';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
// Noto Sans KR, bundled: Korean reads on a machine without a Korean font, offline. The
// package's 400.css splits the font by unicode-range, so a page loads only the few subsets
// its text uses (the whole weight is about 1.9 MB of woff2 in the build).
import '@fontsource/noto-sans-kr/400.css';
import './charts';
import './styles.css';
import App from './App.vue';

createApp(App).use(createPinia()).use(ElementPlus).mount('#app');
