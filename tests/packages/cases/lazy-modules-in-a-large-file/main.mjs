// A file this large (three.js's source) has its lazy modules minified by oxc
// one by one (`oxc_lazy.rs`); those it cannot rewrite go to SWC.
import { REVISION } from 'three';

import('./lib.mjs').then((lib) => {
  console.log(REVISION.length > 0, lib.describe());
});
