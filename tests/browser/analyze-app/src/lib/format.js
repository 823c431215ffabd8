export const format = (n) => `total: ${n}`.padStart(12, " ") + " ".repeat(200).trim();
