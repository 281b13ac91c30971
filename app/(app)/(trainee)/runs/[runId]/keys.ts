/** Keys 1–5 map to the responses on offer, in order. Returns the 0-based index or null. */
export function choiceIndexForKey(key: string, choiceCount: number): number | null {
  if (key.length !== 1 || key < "1" || key > "5") return null;
  const i = Number(key) - 1;
  return i < choiceCount ? i : null;
}
