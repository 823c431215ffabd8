import data, { name } from "./data.json";
import notes from "./notes.txt";
import dot from "./dot.png";
console.log(name, data.version, data.tags.join("+"), JSON.stringify(notes), dot.slice(0, 14));
