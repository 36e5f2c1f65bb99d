import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";

/**
 * A Postgres wire-protocol server over ONE PGlite session, built from pglite-socket's
 * connection handler with our own scheduler in place of its query queue.
 *
 * Why not PGLiteSocketServer as is (0.2.17): its queue serialises single protocol messages and
 * keeps a connection's turn only while an explicit transaction is open, so two clients' extended
 * queries (Parse/Bind/Execute/Sync) interleave and clobber each other's unnamed statement
 * (electric-sql/pglite#1046), and one failed message stops its queue for good. Here a
 * connection keeps the session from its first message until its batch ends at Sync (or a
 * simple Query) outside a transaction block; an explicit transaction keeps it until COMMIT or
 * ROLLBACK. NOTIFY messages, which the shared session hands to whichever connection happened to
 * commit, are copied to the other connections that ran LISTEN on that channel, so BullMQ's
 * workers wake at once instead of on their drainDelay poll.
 */
export interface PgliteWireServer {
  port: number;
  url: string;
  stats(): { connections: number; queued: number };
  stop(): Promise<void>;
}

type SchedulerOption = ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"];

interface Pending {
  handlerId: number;
  message: Uint8Array | null; // null: the connection is gone, release the session if it holds it
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (e: Error) => void;
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
/** Messages after which a connection's batch is complete (unless a transaction block is open). */
const BATCH_ENDS = new Set(["S", "Q", "X", "c", "f", "\0"]);

class SessionScheduler {
  private queue: Pending[] = [];
  private running = false;
  /** The connection whose batch or transaction holds the session, if any. */
  private owner: number | null = null;
  /** When the owner last sent something: an owner idle while others queue is a likely deadlock. */
  private ownerActiveAt = 0;

  constructor(
    private readonly db: PGlite,
    private readonly relay: NotificationRelay,
  ) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error("connection closed"));
      return false;
    });
  }

  /** Called when a connection goes away: ends its half-sent batch and rolls back its transaction. */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({
        handlerId,
        message: null,
        onData: () => {},
        resolve: () => resolve(),
        reject: () => resolve(),
      });
      void this.drain();
    });
  }

  private next(): Pending | undefined {
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((q) => q.handlerId === this.owner);
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let q = this.next(); q; q = this.next()) {
        if (q.message === null) {
          await this.release(q.handlerId).catch(() => {});
          q.resolve(0);
          continue;
        }
        let bytes = 0;
        const scan = this.relay.scanner(q.handlerId);
        try {
          this.relay.noteListens(q.handlerId, q.message);
          const message = q.message;
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data) => {
                bytes += data.length;
                q.onData(data);
                scan.push(data);
              },
            }),
          );
        } catch (e) {
          this.owner = null;
          q.reject(e as Error);
          continue;
        }
        const type = String.fromCharCode(q.message[0] ?? 0);
        const done = BATCH_ENDS.has(type) && !scan.copyStarted && !this.db.isInTransaction();
        this.owner = done ? null : q.handlerId;
        this.ownerActiveAt = Date.now();
        q.resolve(bytes);
      }
    } finally {
      this.running = false;
    }
  }

  /** Milliseconds the session has been held by an idle transaction while others wait, else 0. */
  stalledFor(): number {
    if (this.owner === null || !this.queue.some((q) => q.handlerId !== this.owner)) return 0;
    if (this.queue.some((q) => q.handlerId === this.owner)) return 0;
    return Date.now() - this.ownerActiveAt;
  }

  private async release(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.owner = null;
    await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
  }
}

/** Which connection listens on which channel, and the copying of NotificationResponse messages. */
class NotificationRelay {
  private readonly sockets = new Map<number, net.Socket>();
  private readonly channels = new Map<number, Set<string>>();

  add(handlerId: number, socket: net.Socket): void {
    this.sockets.set(handlerId, socket);
  }

  remove(handlerId: number): void {
    this.sockets.delete(handlerId);
    this.channels.delete(handlerId);
  }

  get size(): number {
    return this.sockets.size;
  }

  /** Tracks LISTEN/UNLISTEN in simple queries and Parse messages. */
  noteListens(handlerId: number, message: Uint8Array): void {
    const type = message[0];
    if (type !== 0x51 && type !== 0x50) return; // 'Q', 'P'
    let sql = Buffer.from(message.subarray(5)).toString("utf8");
    if (type === 0x50) sql = sql.slice(sql.indexOf("\0") + 1); // skip the statement name
    sql = sql.slice(0, sql.indexOf("\0")).replace(/--[^\n]*/g, "");
    for (const m of sql.matchAll(/(?<![\w$])(UN)?LISTEN\s+("([^"]+)"|[\w$]+|\*)/gi)) {
      const set = this.channels.get(handlerId) ?? new Set<string>();
      this.channels.set(handlerId, set);
      const channel = m[3] ?? m[2].toLowerCase();
      if (!m[1]) set.add(channel);
      else if (channel === "*") set.clear();
      else set.delete(channel);
    }
  }

  /** A parser for one message's response stream: forwards notifications, spots COPY IN. */
  scanner(fromHandler: number): { push(data: Uint8Array): void; copyStarted: boolean } {
    let buffer = Buffer.alloc(0);
    const state = {
      copyStarted: false,
      push: (data: Uint8Array) => {
        buffer = buffer.length ? Buffer.concat([buffer, data]) : Buffer.from(data);
        while (buffer.length >= 5) {
          const length = buffer.readInt32BE(1) + 1;
          if (buffer.length < length) break;
          const type = buffer[0];
          if (type === 0x41) this.forward(fromHandler, buffer.subarray(0, length)); // 'A'
          if (type === 0x47) state.copyStarted = true; // 'G' CopyInResponse
          buffer = buffer.subarray(length);
        }
      },
    };
    return state;
  }

  private forward(fromHandler: number, message: Buffer): void {
    const channelEnd = message.indexOf(0, 9);
    const channel = message.subarray(9, channelEnd).toString("utf8");
    const copy = Buffer.from(message);
    for (const [handlerId, channels] of this.channels) {
      if (handlerId === fromHandler || !channels.has(channel)) continue;
      const socket = this.sockets.get(handlerId);
      if (socket?.writable) socket.write(copy);
    }
  }
}

export interface WireServerOptions {
  host?: string;
  port?: number;
  /**
   * Called (every `stallCheckMs`, default 5 s) while a connection holds an open transaction
   * without sending anything and others wait: with one session, code that awaits a second
   * connection inside a transaction waits forever (a real server would let it through).
   */
  onStall?: (info: StallInfo) => void;
  stallCheckMs?: number;
}

/** How long the one session has been held idle, and how many statements wait for it. */
export interface StallInfo {
  idleMs: number;
  queued: number;
}

export async function startPgliteWireServer(db: PGlite, opts: WireServerOptions = {}): Promise<PgliteWireServer> {
  const host = opts.host ?? "127.0.0.1";
  const relay = new NotificationRelay();
  const scheduler = new SessionScheduler(db, relay);
  const handlers = new Set<PGLiteSocketHandler>();
  const stallCheckMs = opts.stallCheckMs ?? 5_000;
  const watchdog = setInterval(() => {
    const idleMs = scheduler.stalledFor();
    if (idleMs >= stallCheckMs) opts.onStall?.({ idleMs, queued: scheduler.getQueueLength() });
  }, stallCheckMs);
  watchdog.unref();

  const server = net.createServer((socket) => {
    const handler = new PGLiteSocketHandler({
      queryQueue: scheduler as unknown as SchedulerOption,
      closeOnDetach: true,
    });
    handlers.add(handler);
    relay.add(handler.handlerId, socket);
    const forget = () => {
      handlers.delete(handler);
      relay.remove(handler.handlerId);
    };
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `postgresql://postgres@${host}:${port}/postgres?sslmode=disable`,
    stats: () => ({ connections: relay.size, queued: scheduler.getQueueLength() }),
    async stop() {
      clearInterval(watchdog);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((h) => h.detach(true)));
      handlers.clear();
      await closed;
    },
  };
}
