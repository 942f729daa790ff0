// The lease owner of this process: one id for every queue it works (migration runs and rollbacks, webhook
// deliveries). Host and pid say where a lease is held; the random part keeps a restarted process with a
// reused pid from mistaking a dead process's leases for its own. One worker per queue per process.
import os from "node:os";
import crypto from "node:crypto";

export const processOwner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
