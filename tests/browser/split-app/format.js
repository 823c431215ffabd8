export function format(who, count) {
  return `${who} sees count ${count}`;
}
