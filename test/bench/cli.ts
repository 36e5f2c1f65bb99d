import { parseArgs, type ParseArgsConfig } from "node:util";

type Flags = NonNullable<ParseArgsConfig["options"]>;
type StringFlag<T extends Flags> = { [K in keyof T]: T[K]["type"] extends "string" ? K : never }[keyof T] & string;
type WithHelp<T extends Flags> = { options: T & { help: { type: "boolean" } }; strict: true };

/**
 * A bench script's flags, read by Node's util.parseArgs: an unknown flag, a flag without its value or a value that
 * is not what the flag takes prints the problem and `usage`, and exits 2; `--help` prints `usage` and exits 0.
 * Numbers and lists are strings to parseArgs: `count`, `positive` and `wholeNumbers` turn them into values.
 */
export function benchFlags<const T extends Flags>(usage: string, flags: T) {
  const fail = (problem: string): never => {
    console.error(`${problem}\nusage: ${usage}`);
    process.exit(2);
  };
  let values: ReturnType<typeof parseArgs<WithHelp<T>>>["values"];
  try {
    values = parseArgs<WithHelp<T>>({ options: { ...flags, help: { type: "boolean" } }, strict: true }).values;
  } catch (e) {
    return fail((e as Error).message);
  }
  const read = values as Record<string, string | boolean | undefined>;
  const given = (flag: StringFlag<T>) => read[flag] as string | undefined;
  if (read.help) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  /** The flag's value as a number that `accept` allows, or a usage error saying it needs `what`. */
  const numberOf = (flag: StringFlag<T>, what: string, accept: (n: number) => boolean): number => {
    const n = Number(given(flag));
    return accept(n) ? n : fail(`--${flag} needs ${what}, not "${given(flag)}"`);
  };
  return {
    values,
    fail,
    /** A positive whole number (a count of runs, figures, parts). */
    count: (flag: StringFlag<T>) => numberOf(flag, "a positive whole number", (n) => Number.isInteger(n) && n > 0),
    /** A number above zero (seconds). */
    positive: (flag: StringFlag<T>) => numberOf(flag, "a number above zero", (n) => n > 0),
    /** Comma-separated whole numbers of at least `least` (question indices, concurrencies); undefined if not given. */
    wholeNumbers: (flag: StringFlag<T>, least: number): number[] | undefined => {
      const text = given(flag);
      if (text === undefined) return undefined;
      const list = text.split(",").map(Number);
      return list.every((n) => Number.isInteger(n) && n >= least)
        ? list
        : fail(`--${flag} needs whole numbers of at least ${least} separated by commas, not "${text}"`);
    },
  };
}
