/**
 * Who lives where, roughly: the share of ethnic minorities per province and which groups make up
 * the minorities of each region. Approximate (census 2019 orders of magnitude), used only to make
 * synthetic breakdowns look like real ones: Tày, Thái, Mông, Mường and Nùng in the northern
 * mountains, Gia Rai, Ê Đê and Ba Na in the Central Highlands, Khmer in the Mekong delta.
 */
import { unit } from "./random.ts";

/** Minority weight per GSO group code, per region code of src/reference/data/regions.csv. */
export const REGION_GROUPS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  NMM: {
    "02": 25,
    "03": 18,
    "08": 18,
    "06": 12,
    "07": 12,
    "09": 10,
    "15": 2,
    "18": 2,
    "25": 1.2,
    "35": 1,
    "29": 1,
    "04": 0.5,
    "38": 0.3,
    "40": 0.3,
    "43": 0.2,
    "33": 0.2,
    "34": 0.3,
    "37": 0.2,
    "41": 0.1,
    "42": 0.1,
    "46": 0.1,
    "45": 0.1,
    "39": 0.1,
    "47": 0.05,
    "49": 0.03,
    "50": 0.02,
    "51": 0.02,
    "48": 0.03,
    "11": 0.02,
    "24": 0.05,
  },
  RRD: { "06": 30, "02": 20, "18": 15, "09": 15, "04": 10, "07": 5, "15": 5, "03": 1, "08": 1, "11": 0.1 },
  NCC: {
    "03": 20,
    "06": 20,
    "23": 10,
    "26": 8,
    "19": 10,
    "14": 4,
    "13": 5,
    "21": 8,
    "17": 8,
    "29": 3,
    "31": 3,
    "30": 3,
    "24": 5,
    "44": 0.5,
    "53": 0.1,
    "27": 2,
    "04": 2,
    "08": 2,
    "37": 0.2,
  },
  CH: {
    "10": 25,
    "12": 20,
    "13": 12,
    "14": 8,
    "16": 10,
    "20": 7,
    "02": 5,
    "07": 5,
    "28": 2,
    "27": 2,
    "36": 1,
    "08": 2,
    "03": 2,
    "09": 1,
    "52": 0.05,
    "54": 0.05,
    "06": 1,
  },
  SE: {
    "04": 30,
    "05": 15,
    "22": 20,
    "17": 5,
    "32": 5,
    "02": 5,
    "07": 8,
    "28": 3,
    "20": 3,
    "03": 2,
    "06": 2,
    "09": 0.5,
  },
  MD: { "05": 75, "04": 15, "17": 5, "06": 0.3, "02": 0.2 },
};

/** Known minority shares (approximate) where the region's typical level would mislead. */
const MINORITY_SHARE: Readonly<Record<string, number>> = {
  "02": 0.87,
  "04": 0.95,
  "06": 0.88,
  "08": 0.53,
  "10": 0.65,
  "11": 0.82,
  "12": 0.85,
  "14": 0.83,
  "15": 0.55,
  "17": 0.73,
  "19": 0.27,
  "20": 0.83,
  "24": 0.26,
  "25": 0.15,
  "22": 0.12,
  "38": 0.17,
  "40": 0.14,
  "62": 0.55,
  "64": 0.46,
  "66": 0.33,
  "67": 0.32,
  "68": 0.24,
  "70": 0.18,
  "58": 0.23,
  "94": 0.35,
  "84": 0.32,
  "79": 0.06,
  "80": 0.005,
  "91": 0.13,
  "89": 0.07,
};

/** Typical minority share by region, for provinces not listed above. */
const REGION_MINORITY: Readonly<Record<string, [low: number, high: number]>> = {
  NMM: [0.3, 0.8],
  RRD: [0.005, 0.03],
  NCC: [0.02, 0.15],
  CH: [0.2, 0.45],
  SE: [0.02, 0.1],
  MD: [0.01, 0.08],
};

export function minorityShare(provinceCode: string, regionCode: string): number {
  const known = MINORITY_SHARE[provinceCode];
  if (known !== undefined) return known;
  const [low, high] = REGION_MINORITY[regionCode] ?? [0.02, 0.1];
  return low + (high - low) * unit(Number(provinceCode), 71);
}

/** Group weights of a region, normalised to sum 1. */
export function groupShares(regionCode: string): Map<string, number> {
  const weights = REGION_GROUPS[regionCode] ?? REGION_GROUPS.NMM;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  return new Map(Object.entries(weights).map(([code, w]) => [code, w / total]));
}
