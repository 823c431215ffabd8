export default "f1";
