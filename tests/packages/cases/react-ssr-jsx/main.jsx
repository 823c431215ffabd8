import { useState } from 'react';
import { renderToString } from 'react-dom/server';

function Counter({ start }) {
  const [count] = useState(start);
  return <button className="counter">Clicked {count} times</button>;
}

function App() {
  return (
    <main>
      <h1>Hello from React</h1>
      <Counter start={3} />
      {['a', 'b'].map((x) => <i key={x}>{x}</i>)}
    </main>
  );
}

console.log(renderToString(<App />));
