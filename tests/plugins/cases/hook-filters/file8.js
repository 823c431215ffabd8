export default "f8";
