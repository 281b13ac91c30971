/**
 * Splits authored text into paragraphs: blank lines separate paragraphs, single line
 * breaks (from YAML block scalars) are folded into spaces.
 */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter((p) => p.length > 0);
}
