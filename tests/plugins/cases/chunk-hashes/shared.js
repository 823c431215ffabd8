export const shared = () => 'shared';
