import './shared.css';
export const site = 'html app';
