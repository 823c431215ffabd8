import { answer } from "virtual:answer";
import greet from "greet";
console.log(greet(answer));
