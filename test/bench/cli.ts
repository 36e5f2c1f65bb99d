import { parseArgs, type ParseArgsConfig } from "node:util";

type Flags = NonNullable<ParseArgsConfig["options"]>;
type StringFlag<T extends Flags> = { [K in keyof T]: T[K]["type"] extends "string" ? K : never }[keyof T] & string;
type WithHelp<T extends Flags> = {
  options: T & { help: { type: "boolean" } };
  strict: true;
  allowPositionals: boolean;
  args: string[];
};

export interface BenchArgs {
  /** How many arguments without a flag the script takes (a database, a count): more is a usage error. */
  positionals?: number;
  /** The command line's arguments; process.argv after the script by default. */
  args?: string[];
}

/**
 * A bench script's flags, read by Node's util.parseArgs: an unknown flag, a flag without its value, an argument
 * without a flag beyond `positionals`, or a value that is not what the flag takes prints the problem and `usage`,
 * and exits 2; `--help` prints `usage` and exits 0. Numbers and lists are strings to parseArgs: `count`,
 * `positive`, `wholeNumbers` and `oneOf` turn them into values.
 */
export function benchFlags<const T extends Flags>(usage: string, flags: T, { positionals = 0, args }: BenchArgs = {}) {
  const fail = (problem: string): never => {
    console.error(`${problem}\nusage: ${usage}`);
    process.exit(2);
  };
  let parsed: ReturnType<typeof parseArgs<WithHelp<T>>>;
  try {
    parsed = parseArgs<WithHelp<T>>({
      options: { ...flags, help: { type: "boolean" } },
      strict: true,
      allowPositionals: positionals > 0,
      args: args ?? process.argv.slice(2),
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  const { values } = parsed;
  const read = values as Record<string, string | boolean | undefined>;
  const given = (flag: StringFlag<T>) => read[flag] as string | undefined;
  if (read.help) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  if (parsed.positionals.length > positionals)
    fail(`unexpected argument "${parsed.positionals[positionals]}": at most ${positionals} without a flag`);
  /** `text` (the value of `what`) as a number that `accept` allows, or a usage error saying it needs `kind`. */
  const numberIn = (what: string, text: string | undefined, kind: string, accept: (n: number) => boolean): number => {
    const n = Number(text);
    return text?.trim() && accept(n) ? n : fail(`${what} needs ${kind}, not "${text}"`);
  };
  const isCount = (n: number) => Number.isInteger(n) && n > 0;
  return {
    values,
    /** The arguments without a flag, in order (at most `positionals`). */
    positionals: parsed.positionals,
    fail,
    /** A positive whole number (a count of runs, figures, parts). */
    count: (flag: StringFlag<T>) => numberIn(`--${flag}`, given(flag), "a positive whole number", isCount),
    /** The argument without a flag at `index`, `name` in messages, as a positive whole number; `fallback` if absent. */
    positionalCount: (index: number, name: string, fallback: number) => {
      const text = parsed.positionals[index];
      return text === undefined ? fallback : numberIn(name, text, "a positive whole number", isCount);
    },
    /** The argument without a flag at `index`: a database's name (required). */
    database: (index: number) => {
      const name = parsed.positionals[index];
      return name && /^[a-z0-9_]+$/.test(name)
        ? name
        : fail(`needs a database's name (a-z, 0-9, _), not "${name ?? ""}"`);
    },
    /** A number above zero (seconds). */
    positive: (flag: StringFlag<T>) => numberIn(`--${flag}`, given(flag), "a number above zero", (n) => n > 0),
    /** Comma-separated whole numbers of at least `least` (question indices, concurrencies); undefined if not given. */
    wholeNumbers: (flag: StringFlag<T>, least: number): number[] | undefined => {
      const text = given(flag);
      if (text === undefined) return undefined;
      const list = text.split(",").map((s) => (s.trim() ? Number(s) : NaN));
      return list.every((n) => Number.isInteger(n) && n >= least)
        ? list
        : fail(`--${flag} needs whole numbers of at least ${least} separated by commas, not "${text}"`);
    },
    /** One of `choices` (a scope, a peer). */
    oneOf: <const C extends string>(flag: StringFlag<T>, choices: readonly C[]): C => {
      const text = given(flag);
      return choices.includes(text as C)
        ? (text as C)
        : fail(`--${flag} needs one of ${choices.join(", ")}, not "${text}"`);
    },
  };
}
