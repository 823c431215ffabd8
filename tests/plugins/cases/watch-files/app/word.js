export const word = "world";
