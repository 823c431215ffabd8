import semver from 'semver';
import satisfies from 'semver/functions/satisfies.js';
console.log(semver.inc('1.2.3', 'minor'), satisfies('1.4.0', '^1.2.0'), semver.compare('2.0.0', '10.0.0'), semver.valid('nope'));
