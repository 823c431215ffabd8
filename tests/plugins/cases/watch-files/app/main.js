import greeting from "virtual:greeting";
import { word, suffix } from "./word.js";
const text = `${greeting} ${word}${suffix}`;
if (typeof document === "undefined") console.log(text);
else document.getElementById("out").textContent = text;
