// Preloaded with `node -r`: removes the built-ins main.js uses, as an old browser lacks them.
delete Array.prototype.includes;
delete Array.prototype.flat;
delete Array.from;
delete Object.assign;
delete Object.entries;
delete String.prototype.padStart;
