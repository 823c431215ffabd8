const ok = 1;
const nope = FORBIDDEN;
