import './more.css';
export const more = 'more loaded';
