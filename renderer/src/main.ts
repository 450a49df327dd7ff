/** The renderer's entry: zod without eval first, then Pinia, Element Plus and the app. */
import './zod-setup';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import './charts';
import './styles.css';
import App from './App.vue';

createApp(App).use(createPinia()).use(ElementPlus).mount('#app');
