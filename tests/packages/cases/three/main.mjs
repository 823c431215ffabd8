import { Vector3, Matrix4, MathUtils, REVISION } from 'three';
const v = new Vector3(1, 2, 3).applyMatrix4(new Matrix4().makeTranslation(1, 1, 1));
console.log(v.toArray().join(','), v.length().toFixed(4), MathUtils.clamp(5, 0, 3), REVISION);
