import dot from "./dot.png";
import { createHash } from "node:crypto";
const [head, data] = dot.split(",");
console.log(head, createHash("sha256").update(Buffer.from(data, "base64")).digest("hex").slice(0, 16));
