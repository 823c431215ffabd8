export const greet = (who) => `hello from ${who}`;
