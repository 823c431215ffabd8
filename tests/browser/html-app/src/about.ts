import { site } from './shared';
document.getElementById('about')!.textContent = `about ${site}`;
