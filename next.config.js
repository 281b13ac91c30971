/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The scenario loader reads `scenarios/*.yaml` at request time on the server.
  outputFileTracingIncludes: { "/": ["./scenarios/**/*.yaml"] },
};

export default nextConfig;
