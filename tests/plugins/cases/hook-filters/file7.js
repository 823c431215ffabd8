export default "f7";
