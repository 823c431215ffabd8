import { createApp } from 'vue';
import App from './App.vue';
import './show.js';

createApp(App).mount('#app');
