export default "f3" + "/MAGIC";
