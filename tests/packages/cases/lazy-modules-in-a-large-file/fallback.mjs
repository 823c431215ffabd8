// Left to SWC: a destructuring declaration and a var in a top-level loop.
export const { x, y } = { x: 1, y: 2 };
export let loops = 0;
for (var i = 0; i < 3; i++) loops += i;
