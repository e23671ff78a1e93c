/**
 * results.md holds sections that separate benches write between `<!-- name:start -->` and
 * `<!-- name:end -->` markers. A bench that rewrites the file keeps the others' sections as
 * they were in `previous`, at the end, in the order given.
 */
export function keepSections(markdown: string, previous: string, names: readonly string[]): string {
  let result = markdown;
  for (const name of names) {
    const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->\\n?`);
    const kept = pattern.exec(previous)?.[0];
    if (!kept) continue;
    result = `${result.replace(pattern, '').trimEnd()}\n\n${kept.trimEnd()}\n`;
  }
  return result;
}
