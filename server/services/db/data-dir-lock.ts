// PGlite serves one process: two processes on one data directory each keep their own copy in memory and
// overwrite each other's files, so writes are lost. The directory is locked by a pid file, created
// atomically (a hard link of a file already holding the pid: fails if it exists, like O_EXCL, and unlike
// open-then-write the lock is never seen empty). A lock whose process no longer runs is taken over under a
// second such file, so two processes starting at once cannot both take it. Released on close and on exit.
import fs from "node:fs";
import { StartupError } from "../errors.ts";

/** A second process (or a second open in this process) wants a data directory that is in use. */
export class DataDirLockedError extends StartupError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another server process (pid ${pid}). PGlite serves one process only: ` +
        `stop that process first, or run several processes on PostgreSQL (set DATABASE_URL).`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

/** Lock files held by this process (a second PGlite on the same directory in one process is refused too). */
const held = new Set<string>();
/** A takeover file older than this was left by a process that died while taking over a stale lock. */
const TAKEOVER_STALE_MS = 10_000;

/** Takes `<pgliteDir>.lock`, refusing with DataDirLockedError while a live process holds it. */
export function lockDataDir(pgliteDir: string, dataDir = pgliteDir): DataDirLock {
  const file = `${pgliteDir}.lock`;
  if (held.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file)) break;
    const owner = readPid(file);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    // Stale: its process is gone (or the file is unreadable, or it carries our own pid from an earlier run).
    if (attempt >= 2 || !takeOver(file, owner)) throw new DataDirLockedError(dataDir, owner ?? 0);
  }
  held.add(file);
  const release = () => {
    if (!held.delete(file)) return;
    process.removeListener("exit", release);
    // Only our own lock is removed: never one another process took over meanwhile.
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
  process.on("exit", release);
  return { file, release };
}

/** Creates `file` holding our pid, atomically: it never exists without the pid in it. */
function tryCreate(file: string): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${process.pid}\n`, { mode: 0o644 });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Removes a stale lock that still names `owner`; false when another process is taking it over. */
function takeOver(file: string, owner: number | undefined): boolean {
  const takeover = `${file}.takeover`;
  if (!tryCreate(takeover)) {
    const age = Date.now() - (statMtime(takeover) ?? Date.now());
    if (age < TAKEOVER_STALE_MS) return false;
    fs.rmSync(takeover, { force: true });
    if (!tryCreate(takeover)) return false;
  }
  try {
    if (readPid(file) === owner) fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function statMtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
