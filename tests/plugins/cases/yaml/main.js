import config, { title } from "./config.yaml";
console.log(title, config.items.join("+"), config.nested.depth);
