import { v4, v5, validate, version } from 'uuid';
const id = v5('sheaf', v5.URL);
console.log(id, validate(v4()), version(v4()));
