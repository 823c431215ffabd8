export const Greeting = "greeting";
export const element = <p className="x">hi</p>;
