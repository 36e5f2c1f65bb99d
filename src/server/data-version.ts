import type pg from "pg";
import type { Logger } from "pino";
import { createClient } from "../db/pool.ts";

/** The channel the migration `data_changed_notify` signals on every committed change to the data. */
export const DATA_CHANGED_CHANNEL = "data_changed";

const RECONNECT_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;

/**
 * A number that changes whenever the database's data may have changed, for keying cached answers.
 * It follows LISTEN data_changed on a connection of its own; while that connection is down (or the
 * database cannot deliver notifications: checked with a probe at each connect) `current` is null and
 * nothing may be served from a cache. Every reconnect counts as a change: notifications sent while
 * the connection was down are lost.
 */
export class DataVersion {
  private version = 0;
  private listening = false;
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private probe: { token: string; resolve: () => void } | undefined;

  constructor(private readonly url: string, private readonly logger: Logger) {}

  get current(): number | null {
    return this.listening ? this.version : null;
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
      if (this.probe && n.payload === this.probe.token) return this.probe.resolve();
      this.version++;
    });
    client.on("error", (e) => this.lost(client, e));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      await this.probeDelivery();
      this.version++;
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
    const token = `probe-${process.pid}-${Date.now()}`;
    const sender = createClient({ name: "data-version-probe", logger: this.logger, connectionString: this.url });
    let timer: NodeJS.Timeout | undefined;
    try {
      await sender.connect();
      await new Promise<void>((resolve, reject) => {
        this.probe = { token, resolve };
        timer = setTimeout(() => reject(new Error(`no notification within ${PROBE_TIMEOUT_MS} ms: responses are not cached`)), PROBE_TIMEOUT_MS);
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
