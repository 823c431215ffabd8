export default "f6";
