/**
 * A unique constraint that another write got to first: Prisma's P2002 from its query API, or
 * P2010 ("raw query failed") from a raw query, whose driver adapter error says which kind it was.
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null;
  if (e?.code === "P2002") return true;
  return e?.code === "P2010" && e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}
