export const store = { count: 0, evaluations: (globalThis.storeEvaluations = (globalThis.storeEvaluations || 0) + 1) };
export function increment() {
  store.count++;
}
