import { shout } from "@utils/text";
import pad from "~pad";
console.log(shout(pad("hi")));
