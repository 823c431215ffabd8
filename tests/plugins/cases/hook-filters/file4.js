export default "f4";
