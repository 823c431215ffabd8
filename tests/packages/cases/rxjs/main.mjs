import { of, from, map, filter, reduce } from 'rxjs';
import { take } from 'rxjs/operators';
of(1, 2, 3, 4).pipe(filter((x) => x % 2 === 0), map((x) => x * 10)).subscribe((v) => console.log('value', v));
from([1, 2, 3]).pipe(take(2), reduce((a, b) => a + b, 0)).subscribe((s) => console.log('sum', s));
