// A TCP proxy a test can stop and start, to take a real server "down" and bring it back without
// losing its data — or hang, to make it a server that accepts connections and never answers.
import net, { type AddressInfo } from "node:net";

export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private hung = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      for (const s of pair) {
        this.sockets.add(s);
        s.on("close", () => {
          this.sockets.delete(s);
          this.pairs.delete(pair);
        });
        s.on("error", () => s.destroy());
      }
      this.pairs.add(pair);
      if (!this.hung) connect(pair);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Refuses new connections and cuts open ones, like a server that went away. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Keeps accepting connections but forwards nothing either way (held, not lost): a hung server. */
  hang(): void {
    this.hung = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Forwards again, including what was held while hung. */
  resume(): void {
    this.hung = false;
    for (const pair of this.pairs) connect(pair);
  }
}

function connect([client, upstream]: [net.Socket, net.Socket]): void {
  client.pipe(upstream);
  upstream.pipe(client);
}
