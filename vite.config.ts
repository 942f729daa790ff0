// Vite builds the demo page (client/demo) into dist/demo, which the server serves at /.
// `npm run dev:demo` serves it with hot reload and forwards /graphql (HTTP and WebSocket) to the server.
import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  root: fileURLToPath(new URL("./client/demo", import.meta.url)),
  base: "/",
  plugins: [react()],
  // The client packages (npm workspaces) from their TypeScript sources, not their dist/ builds.
  resolve: { conditions: ["source", ...defaultClientConditions] },
  build: {
    outDir: fileURLToPath(new URL("./dist/demo", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { "/graphql": { target: `http://127.0.0.1:${process.env.PORT ?? 4000}`, ws: true } },
  },
});
