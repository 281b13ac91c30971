import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback, for the single
 * sign-on tests. Its own "development interactions" are the sign-in page: any login and any
 * password are accepted, and the login is the person:
 *
 * - `ana@example.test` → sub `ana@example.test`, email `ana@example.test`, verified;
 * - `ana@example.test#unverified` → the same email, reported as not verified (another sub);
 * - `ana@example.test#2` → the same email, verified, under another sub (another identity).
 *
 * Consent is granted at once (a first-party client). The issuer is `http://localhost:<port>`,
 * another site than an app on 127.0.0.1, as a real provider is.
 */
export interface TestOidcProvider {
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  stop: () => Promise<void>;
}

export function personOf(login: string): { sub: string; email: string; emailVerified: boolean; name: string } {
  const [email = "", tag] = login.split("#");
  const local = email.split("@")[0] ?? email;
  const name = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
  return { sub: login, email, emailVerified: tag !== "unverified", name };
}

/**
 * Starts the provider on `port` (OIDC_TEST_PORT, else a free one) with one confidential client
 * whose redirect URIs are `redirectUris` (the app's `/api/auth/callback/oidc`).
 */
export async function startOidcProvider(options: { redirectUris: string[]; port?: number }): Promise<TestOidcProvider> {
  const requested = options.port ?? Number(process.env.OIDC_TEST_PORT ?? 0);
  const clientId = "steady-test";
  const clientSecret = randomBytes(24).toString("hex");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" };

  // The issuer names the port, so a free port is found first when none is asked for.
  const port = requested || (await freeLoopbackPort());
  const issuer = `http://localhost:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 600, Session: 600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const person = personOf(id);
      return {
        accountId: id,
        claims: async () => ({ sub: person.sub, email: person.email, email_verified: person.emailVerified, name: person.name }),
      };
    },
    // A first-party client: consent is granted without asking.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const server: Server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return {
    issuer,
    port,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function freeLoopbackPort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
