/** One value of a query parameter, bounded in size (a repeated or huge parameter is ignored). */
export function param(value: string | string[] | undefined, max = 100): string | undefined {
  return typeof value === "string" && value.length <= max ? value : undefined;
}

export function pageParam(value: string | string[] | undefined): number {
  const n = Number(param(value, 7));
  return Number.isInteger(n) && n > 0 ? n : 1;
}
