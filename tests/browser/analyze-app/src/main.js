import { total } from "./lib/math.js";
import { render } from "./ui/view.js";
render(total([1, 2, 3]));
import("./ui/lazy.js").then((m) => m.later());
