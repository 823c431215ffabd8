export function greet(name) {
  const message = "hello, " + name;
  return message.toUpperCase();
}
