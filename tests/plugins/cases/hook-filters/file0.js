export default "f0";
