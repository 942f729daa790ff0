// npm run demo:seed — loads sample documents into two realms of a running server, through its API:
//   RMS_TOKEN=rms_… npm run demo:seed            (RMS_URL: the server or its /graphql URL, as for the CLI;
//                                                  default http://127.0.0.1:4000/graphql)
// Safe to run twice: existing realms, databases and titles are reused. Failures are one line, no stack trace.
// Everything goes through the SDK (client/sdk), as another team's script would.
import { createMigrationClient, SdkError } from "../client/sdk/index.ts";

/** The GraphQL endpoint for a server or endpoint URL ("http://host:4000" → "http://host:4000/graphql"). */
function endpoint(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    console.error(`RMS_URL is not a URL: "${raw}".`);
    process.exit(2);
  }
  if (parsed.pathname === "/" || parsed.pathname === "") parsed.pathname = "/graphql";
  return parsed.toString();
}

const url = endpoint(process.env.RMS_URL ?? "http://127.0.0.1:4000/graphql");
const token = process.env.RMS_TOKEN;
if (!token) {
  console.error("Set RMS_TOKEN to an admin token (printed by the first `npm start`).");
  process.exit(2);
}

const client = createMigrationClient({ url, token });

/** The SDK's error in the one line this script prints (the URL and cause when the server cannot be reached). */
function explain(error: unknown): string {
  if (!(error instanceof SdkError)) return (error as Error).message;
  if (error.code === "UNAUTHENTICATED") return "RMS_TOKEN is not valid or was revoked.";
  if (error.code === "NETWORK_ERROR") {
    const network = (error.cause as { networkError?: Error & { cause?: Error } } | undefined)?.networkError;
    const cause = network?.cause?.message ?? network?.message ?? error.message;
    if (/JSON|Unexpected token|not valid/i.test(cause))
      return `${url} answered with something that is not GraphQL: is RMS_URL the server?`;
    return `could not reach ${url} (${cause}). Is the server running, and is RMS_URL right?`;
  }
  return error.message;
}

/** `action`'s result, or null when the API answers CONFLICT (it exists already: reuse it). */
async function unlessConflict<T>(action: () => Promise<T>): Promise<T | null> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof SdkError && error.code === "CONFLICT") return null;
    throw error;
  }
}

async function realm(name: string, description: string): Promise<string> {
  const existing = (await client.realms()).find((r) => r.name === name);
  return existing?.id ?? (await client.createRealm({ name, description })).id;
}

async function embeddedDatabase(realmId: string, name: string): Promise<void> {
  const existing = (await client.databases()).find((d) => d.name === name);
  const id = existing?.id ?? (await client.createDatabase({ name, kind: "EMBEDDED" })).id;
  await unlessConflict(() => client.addDatabaseToRealm(realmId, id));
}

const samples: Array<[string, string, string]> = [
  [
    "analytical-engine.md",
    "text/markdown",
    `# The Analytical Engine\n\nAda Lovelace worked with Charles Babbage in London.\n\n## Notes\n\nHer notes describe an algorithm for Bernoulli numbers.\n`,
  ],
  [
    "cobol.html",
    "text/html",
    `<h1>COBOL</h1><p>Grace Hopper joined Remington Rand in 1949 and led work on compilers.</p><ul><li>FLOW-MATIC</li><li>COBOL</li></ul>`,
  ],
  [
    "apollo.md",
    "text/markdown",
    `# Apollo Guidance Computer\n\nMargaret Hamilton led software engineering at MIT for NASA.\n`,
  ],
  ["turing.txt", "text/plain", `Alan Turing worked at Bletchley Park. He later joined the University of Manchester.`],
  ["unix.md", "text/markdown", `# Unix\n\nKen Thompson and Dennis Ritchie built Unix at Bell Labs in 1969.\n`],
  ["web.html", "text/html", `<h1>The Web</h1><p>Tim Berners-Lee proposed the World Wide Web at CERN in 1989.</p>`],
];

async function seed(): Promise<void> {
  const research = await realm("research", "Sample documents loaded by demo:seed.");
  const archive = await realm("archive", "A second realm to migrate into.");
  await embeddedDatabase(research, "research-store");
  await embeddedDatabase(archive, "archive-store");
  let uploaded = 0;
  for (const [name, type, content] of samples) {
    const file = new File([content], name, { type });
    const document = await unlessConflict(() => client.uploadDocument({ realmId: research, file }));
    if (!document) continue;
    await client.processDocument(document.id);
    uploaded++;
  }
  console.log(
    `Realms "research" and "archive" are ready; ${uploaded} new document(s) uploaded to "research" and queued for processing.`,
  );
}

try {
  await seed();
} catch (error) {
  console.error(`demo:seed: ${explain(error)}`);
  process.exitCode = 1;
} finally {
  await client.close();
}
