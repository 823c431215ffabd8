import { Camera } from 'lucide';
console.log(Camera.length);
