import { nanoid, customAlphabet } from 'nanoid';
const hex = customAlphabet('0123456789abcdef', 12);
console.log(nanoid().length, /^[0-9a-f]{12}$/.test(hex()));
