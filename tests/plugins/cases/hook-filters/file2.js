export default "f2";
