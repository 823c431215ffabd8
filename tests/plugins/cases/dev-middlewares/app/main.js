import { word } from "./word.js";
document.getElementById("out").textContent = word;
fetch("/api/hello?from=page")
  .then((r) => r.json())
  .then((j) => (document.getElementById("api").textContent = j.message));
