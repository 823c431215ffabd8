export default "f5";
