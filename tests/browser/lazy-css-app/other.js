import { badge } from './shared.js';
window.otherAtRun = getComputedStyle(badge('other')).borderTopWidth;
