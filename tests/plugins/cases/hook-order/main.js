export const trail = [];
console.log("order:", "START");
