/**
 * The security headers proxy.ts puts on every response (pages, route handlers, static files).
 * Pure, so the unit tests read the exact policy.
 *
 * Pages get a Content-Security-Policy with a fresh nonce: Next reads it from the request's
 * header and puts it on its own scripts, and 'strict-dynamic' lets those scripts load the
 * chunks they need (and nothing an injected tag names). Everything else (JSON, CSV, scripts,
 * the analysis worker) gets the same policy without a nonce; a worker runs under its own
 * response's policy, so that one allows scripts from this origin.
 */
export interface SecurityOptions {
  /** A fresh nonce for a page; undefined for any other response. */
  nonce?: string;
  /** The public URL is https: HSTS, and insecure subresource URLs are upgraded. */
  https: boolean;
  /** `next dev`: React's dev build needs eval for its error overlay. */
  dev: boolean;
}

export function contentSecurityPolicy({ nonce, https, dev }: SecurityOptions): string {
  const eval_ = dev ? " 'unsafe-eval'" : "";
  const directives = [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${eval_}` : `script-src 'self'${eval_}`,
    // Styles: CodeMirror, React Flow and Recharts set inline styles at run time (decision 0039).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The trainer's analysis panel runs in a web worker (decision 0028).
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export interface SecurityHeaders {
  "content-security-policy": string;
  "x-content-type-options": string;
  "referrer-policy": string;
  "x-frame-options": string;
  "strict-transport-security"?: string;
}

export function securityHeaders(options: SecurityOptions): SecurityHeaders {
  return {
    "content-security-policy": contentSecurityPolicy(options),
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // For browsers that predate frame-ancestors.
    "x-frame-options": "DENY",
    ...(options.https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/** 128 random bits, base64: unguessable and new for each page. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
