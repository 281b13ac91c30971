/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The scenario loader reads `scenarios/*.yaml` at request time on the server.
  outputFileTracingIncludes: { "/*": ["./scenarios/**/*.yaml", "./prisma/migrations/**/*.sql"] },
  // Native and driver modules load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
