import "./bad.js";
console.log("main");
