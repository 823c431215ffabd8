import { add } from "./math.js";
import("./lazy.js").then((m) => console.log(m.lazy));
console.log(add(2, 3));
