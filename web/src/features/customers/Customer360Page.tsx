export function Customer360Page() {
  return null;
}
