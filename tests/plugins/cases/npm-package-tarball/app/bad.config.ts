import { defineConfig } from "sheaf";
export default defineConfig({
  input: "src/main.ts",
  plugins: [{ name: "x", load( }],
});
