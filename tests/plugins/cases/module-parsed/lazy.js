export const lazy = "lazy loaded";
