import people from "./people.csv";
import scores from "./scores.tsv";
console.log(people.map((p) => `${p.name}:${p.age + 1}`).join(" "), scores.length, scores[1].id);
