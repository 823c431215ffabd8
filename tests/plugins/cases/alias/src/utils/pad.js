export default (s) => `[${s}]`;
