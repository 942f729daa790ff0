// npm run demo:seed — loads sample documents into two realms of a running server, through its API:
//   RMS_TOKEN=rms_… npm run demo:seed            (RMS_URL: the server or its /graphql URL, as for the CLI;
//                                                  default http://127.0.0.1:4000/graphql)
// Safe to run twice: existing realms, databases and titles are reused. Failures are one line, no stack trace.
export {};

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

/** fetch with the URL and the cause in its error ("fetch failed" alone says neither). */
async function post(init: RequestInit): Promise<any> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`could not reach ${url} (${cause}). Is the server running, and is RMS_URL right?`);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${response.status} with something that is not GraphQL: is RMS_URL the server?`);
  }
}

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const body = (await post({
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) {
    const [first] = body.errors;
    if (first?.extensions?.code === "UNAUTHENTICATED") throw new Error("RMS_TOKEN is not valid or was revoked.");
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  return body.data;
}

async function upload(realmId: string, name: string, type: string, content: string): Promise<string | null> {
  const form = new FormData();
  const query = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) {
    __typename ... on MutationCreateDocumentSuccess { data { id } } ... on Error { code message } } }`;
  form.set("operations", JSON.stringify({ query, variables: { input: { realmId, file: null } } }));
  form.set("map", JSON.stringify({ 0: ["variables.input.file"] }));
  form.set("0", new File([content], name, { type }));
  const result = (await post({ method: "POST", headers: { authorization: `Bearer ${token}` }, body: form })).data
    .createDocument;
  if (result.code === "CONFLICT") return null;
  if (!result.data) throw new Error(`${name}: ${result.message}`);
  return result.data.id;
}

async function realm(name: string, description: string): Promise<string> {
  const existing = (await gql(`{ realms { id name } }`)).realms.find((r: any) => r.name === name);
  if (existing) return existing.id;
  const created = await gql(
    `mutation($n: String!, $d: String) { createRealm(input: { name: $n, description: $d }) {
    __typename ... on MutationCreateRealmSuccess { data { id } } ... on Error { message } } }`,
    { n: name, d: description },
  );
  return created.createRealm.data.id;
}

async function embeddedDatabase(realmId: string, name: string): Promise<void> {
  const databases = (await gql(`{ databases { id name } }`)).databases;
  const id =
    databases.find((d: any) => d.name === name)?.id ??
    (
      await gql(
        `mutation($n: String!) { createDatabase(input: { name: $n, kind: EMBEDDED }) {
      __typename ... on MutationCreateDatabaseSuccess { data { id } } ... on Error { message } } }`,
        { n: name },
      )
    ).createDatabase.data.id;
  await gql(
    `mutation($r: ID!, $d: ID!) { addDatabaseToRealm(input: { realmId: $r, databaseId: $d }) { __typename } }`,
    { r: realmId, d: id },
  );
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
    const id = await upload(research, name, type, content);
    if (!id) continue;
    await gql(`mutation($id: ID!) { processDocument(input: { id: $id }) { __typename } }`, { id });
    uploaded++;
  }
  console.log(
    `Realms "research" and "archive" are ready; ${uploaded} new document(s) uploaded to "research" and queued for processing.`,
  );
}

try {
  await seed();
} catch (error) {
  console.error(`demo:seed: ${(error as Error).message}`);
  process.exit(1);
}
