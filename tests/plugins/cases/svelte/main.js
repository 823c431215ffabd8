import { render } from 'svelte/server';
import Counter from './Counter.svelte';

const { body } = render(Counter, { props: { start: 20, label: 'clicks' } });
console.log(body.replace(/<!--[^>]*-->/g, ''));
