export const label = 'first';
