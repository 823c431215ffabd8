export const parts = () => Array.from(new Set([1, 1, 2])).join('+');
