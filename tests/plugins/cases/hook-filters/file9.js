export default "f9";
