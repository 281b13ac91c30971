import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * Link tokens (invitations, one-time sign-in links): 32 random bytes, base64url. Only the sha-256
 * is stored, so a copy of the database opens no link. (A fast hash is enough: the token has 256
 * bits of randomness, nothing to guess.)
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What a token in a URL looks like; anything else is not looked up at all. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A row id in the shape of Better Auth's own (32 letters and digits). */
export function newRecordId(): string {
  const bytes = randomBytes(32);
  let id = "";
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}
