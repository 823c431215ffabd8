const version: string = __VERSION__ + __SUFFIX__;
export function describeBuild(label: string): string {
  return `${label} ${version}`;
}
console.log(describeBuild("sheaf"), __MODE__);
