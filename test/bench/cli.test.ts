import { afterEach, describe, expect, it, vi } from "vitest";
import { benchFlags } from "./cli.ts";

const USAGE = "bench.ts <database> [--runs 2] [--only 1,2] [--peer a|b]";
const FLAGS = {
  runs: { type: "string", default: "2" },
  only: { type: "string" },
  peer: { type: "string", default: "a" },
  keep: { type: "boolean", default: false },
} as const;

/** What benchFlags printed before it exited with `code`, thrown so that the test goes on. */
class Exited extends Error {
  constructor(
    readonly code: number,
    readonly printed: string,
  ) {
    super(`exit ${code}: ${printed}`);
  }
}

function run<T>(read: () => T): T {
  const printed: string[] = [];
  vi.spyOn(console, "error").mockImplementation((s: string) => void printed.push(s));
  vi.spyOn(console, "log").mockImplementation((s: string) => void printed.push(s));
  vi.spyOn(process, "exit").mockImplementation((code) => {
    throw new Exited(Number(code), printed.join("\n"));
  });
  return read();
}

const exitOf = (read: () => unknown): Exited => {
  try {
    run(read);
  } catch (e) {
    if (e instanceof Exited) return e;
    throw e;
  }
  throw new Error("did not exit");
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("benchFlags", () => {
  it("reads flags, their defaults and the arguments without a flag", () => {
    const flags = run(() =>
      benchFlags(USAGE, FLAGS, { positionals: 1, args: ["copy_1m", "--runs=5", "--only", "3,4", "--keep"] }),
    );
    expect({
      database: flags.database(0),
      runs: flags.count("runs"),
      only: flags.wholeNumbers("only", 0),
      peer: flags.oneOf("peer", ["a", "b"]),
      keep: flags.values.keep,
    }).toEqual({ database: "copy_1m", runs: 5, only: [3, 4], peer: "a", keep: true });
    const none = run(() => benchFlags(USAGE, FLAGS, { positionals: 1, args: [] }));
    expect([none.positionalCount(0, "N", 100000), none.wholeNumbers("only", 0)]).toEqual([100000, undefined]);
    expect(run(() => benchFlags(USAGE, FLAGS, { positionals: 1, args: ["7"] })).positionalCount(0, "N", 1)).toBe(7);
  });

  it.each([
    [["--rnus", "3"], /Unknown option '--rnus'/],
    [["--runs"], /--runs.*argument missing/],
    [["extra"], /Unexpected argument 'extra'/],
    [["--keep=yes"], /--keep.*does not take an argument/],
  ])("refuses %j before reading any value, with the usage", (args, problem) => {
    const exited = exitOf(() => benchFlags(USAGE, FLAGS, { args }));
    expect(exited.code).toBe(2);
    expect(exited.printed).toMatch(problem);
    expect(exited.printed).toContain(`usage: ${USAGE}`);
  });

  it.each([
    [["--runs", "0"], (f: Flags) => f.count("runs"), '--runs needs a positive whole number, not "0"'],
    [["--runs", "2.5"], (f: Flags) => f.count("runs"), '--runs needs a positive whole number, not "2.5"'],
    [["--runs", ""], (f: Flags) => f.count("runs"), '--runs needs a positive whole number, not ""'],
    [["--only", "1,,2"], (f: Flags) => f.wholeNumbers("only", 0), "--only needs whole numbers of at least 0"],
    [["--peer", "c"], (f: Flags) => f.oneOf("peer", ["a", "b"]), '--peer needs one of a, b, not "c"'],
    [["x"], (f: Flags) => f.positionalCount(0, "N", 1), 'N needs a positive whole number, not "x"'],
    [[], (f: Flags) => f.database(0), "needs a database's name"],
    [["one", "two"], (f: Flags) => f.positionals, 'unexpected argument "two": at most 1 without a flag'],
    [["Bad-Name"], (f: Flags) => f.database(0), 'needs a database\'s name (a-z, 0-9, _), not "Bad-Name"'],
  ])("refuses %j as a value, naming the flag", (args, read, problem) => {
    const exited = exitOf(() => read(benchFlags(USAGE, FLAGS, { positionals: 1, args })));
    expect(exited.code).toBe(2);
    expect(exited.printed).toContain(problem);
  });

  it("prints the usage on --help and exits 0", () => {
    const exited = exitOf(() => benchFlags(USAGE, FLAGS, { args: ["--help"] }));
    expect([exited.code, exited.printed]).toEqual([0, `usage: ${USAGE}`]);
  });
});

type Flags = ReturnType<typeof benchFlags<typeof FLAGS>>;
