import { Greeting } from "./view.jsx";
async function greet(lang) {
  const { default: word } = await import(`./locales/${lang}.js`);
  return word;
}
console.log(await greet("en"), await greet("fr"), Greeting);
await greet("de").catch((e) => console.log(e.message));
