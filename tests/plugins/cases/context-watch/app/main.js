import { word } from "./word.js";
console.log("word:", word);
