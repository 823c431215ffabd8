import { useState } from 'react';
import { greeting } from './greeting.js';

export function App() {
  const [count, setCount] = useState(0);
  return (
    <button id="button" onClick={() => setCount(count + 1)}>
      v1 {greeting} clicked {count}
    </button>
  );
}
