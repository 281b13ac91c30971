/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The scenario loader reads `scenarios/*.yaml` at request time on the server.
  outputFileTracingIncludes: { "/*": ["./scenarios/**/*.yaml", "./prisma/migrations/**/*.sql"] },
  // Native and driver modules load from node_modules at run time instead of being bundled; so do
  // the worker pool (piscina starts its own worker file) and esbuild (bundles lib/workers/tasks.ts).
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "piscina", "esbuild"],
};

export default nextConfig;
