import { shared } from './shared.js';
export const lazy = () => `lazy+${shared()}`;
