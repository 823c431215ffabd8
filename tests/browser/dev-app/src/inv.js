// Accepts itself with a callback, but asks for a reload (invalidate) when the
// new version says it cannot be swapped in.
export const swappable = true;
export const version = 1;
document.body.dataset.inv = String(version);
if (import.meta.hot) {
  import.meta.hot.accept((next) => {
    window.acceptedVersions = (window.acceptedVersions || []).concat(next.version);
    if (!next.swappable) import.meta.hot.invalidate('not swappable');
  });
}
