import type pg from "pg";
import type { Logger } from "pino";
import { createClient } from "../db/pool.ts";

/** The channel the migration `data_changed_notify` signals on every committed change to the data. */
export const DATA_CHANGED_CHANNEL = "data_changed";

const RECONNECT_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;
/** A probe's payload; the triggers send table names, which never start so. */
const PROBE_PREFIX = "probe-";

/**
 * A number that changes whenever the database's data may have changed, for keying cached answers.
 * It follows LISTEN data_changed on a connection of its own; while that connection is down (or the
 * database cannot deliver notifications: checked with a probe at each connect) `current` is null and
 * nothing may be served from a cache. Every reconnect counts as a change: notifications sent while
 * the connection was down are lost.
 *
 * With `trackWal` it also knows how far the primary's WAL had got when it last heard of a change (its
 * `floor`): a read replica that has replayed past it holds every change this process has heard of.
 */
export class DataVersion {
  private version = 0;
  /** The primary's WAL position read after the latest change heard of (or this process's own write). */
  private floor: Promise<bigint | null> = Promise.resolve(null);
  private listening = false;
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private probe: { token: string; resolve: () => void } | undefined;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly opts: { trackWal?: boolean } = {},
  ) {}

  get current(): number | null {
    return this.listening ? this.version : null;
  }

  /**
   * The WAL position a read must see: every change this process has heard of is at or before it.
   * Null when unknown (not listening, or not tracking): read the primary then.
   */
  async walFloor(): Promise<bigint | null> {
    if (!this.listening || !this.opts.trackWal) return null;
    return this.floor;
  }

  /** This process wrote at `lsn` (a mutation it answers): its next reads must see it. */
  raiseFloor(lsn: bigint): void {
    const before = this.floor;
    this.floor = before.then((f) => (f === null || f > lsn ? f : lsn)); // unknown stays unknown
  }

  private readFloor(client: pg.Client): void {
    if (!this.opts.trackWal) return;
    // Queued on the listening connection, so it runs after the notification was delivered: the
    // position is at or past the commit that sent it. The insert position, not the write one: with
    // synchronous_commit off a commit returns (and notifies) before its WAL is written.
    const read = client.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn").then(
      (r) => parseLsn(r.rows[0].lsn),
      () => null,
    );
    const before = this.floor;
    this.floor = Promise.all([before, read]).then(([f, r]) => (r === null ? null : f !== null && f > r ? f : r));
  }

  /** Connects in the background; resolves once listening or once the first attempt failed. */
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = createClient({ name: "data-version", logger: this.logger, connectionString: this.url });
    this.client = client;
    client.on("notification", (n) => {
      if (n.channel !== DATA_CHANGED_CHANNEL) return;
      if (n.payload?.startsWith(PROBE_PREFIX)) {
        // Another process's probe is no change to the data: ignoring it keeps every cache warm.
        if (this.probe && n.payload === this.probe.token) this.probe.resolve();
        return;
      }
      this.version++;
      this.readFloor(client);
    });
    client.on("error", (e) => this.lost(client, e));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      await this.probeDelivery();
      this.version++;
      this.readFloor(client); // changes made while nobody listened are before it
      await this.floor;
      this.listening = true;
    } catch (e) {
      this.lost(client, e as Error);
    }
  }

  /**
   * Some databases accept LISTEN but do not pass on what other sessions signal (an embedded one
   * behind a wire adapter may run every connection in one session): the probe is sent from a
   * connection of its own, as writers' changes are.
   */
  private async probeDelivery(): Promise<void> {
    const token = `${PROBE_PREFIX}${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const sender = createClient({ name: "data-version-probe", logger: this.logger, connectionString: this.url });
    let timer: NodeJS.Timeout | undefined;
    try {
      await sender.connect();
      await new Promise<void>((resolve, reject) => {
        this.probe = { token, resolve };
        timer = setTimeout(
          () => reject(new Error(`no notification within ${PROBE_TIMEOUT_MS} ms: responses are not cached`)),
          PROBE_TIMEOUT_MS,
        );
        sender.query("SELECT pg_notify($1, $2)", [DATA_CHANGED_CHANNEL, token]).catch(reject);
      });
    } finally {
      clearTimeout(timer);
      this.probe = undefined;
      await sender.end().catch(() => {});
    }
  }

  private lost(client: pg.Client, e?: Error): void {
    if (client !== this.client) return;
    this.client = undefined;
    const was = this.listening;
    this.listening = false;
    this.version++;
    client.end().catch(() => {});
    if (this.stopped) return;
    if (was || e) this.logger.warn({ err: e }, "data-change listener lost: response cache off until it reconnects");
    this.retry = setTimeout(() => void this.connect(), RECONNECT_MS);
    this.retry.unref();
  }
}

/** A pg_lsn ("16/B374D848") as a number that compares. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
