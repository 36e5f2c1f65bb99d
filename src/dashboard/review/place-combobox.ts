/**
 * A place chooser for the editor: type a name, the API's placeSearch lists the units valid for the
 * figure's period (as reports write names: with or without diacritics, type words), ↑ ↓ and Enter
 * choose (the ARIA combobox pattern with a listbox popup).
 */
import { h } from "../dom.ts";
import type { Lang } from "../format.ts";
import { formatDate } from "../format.ts";
import { searchPlaces, type PlaceHit } from "./review-api.ts";

export interface PlaceValue {
  key: string;
  name: string;
}

export interface PlaceComboboxOptions {
  id: string;
  value: PlaceValue;
  /** The day the unit must exist on (the figure's period start), when known. */
  asOf: () => string | null;
  describedBy?: string;
  texts: { none: () => string; searching: () => string; lang: () => Lang };
}

const LEVEL: Record<Lang, Record<string, string>> = {
  vi: { NATION: "cả nước", REGION: "vùng", PROVINCE: "tỉnh", DISTRICT: "huyện", COMMUNE: "xã", GROUP: "nhóm" },
  en: {
    NATION: "nation",
    REGION: "region",
    PROVINCE: "province",
    DISTRICT: "district",
    COMMUNE: "commune",
    GROUP: "group",
  },
};

export class PlaceCombobox {
  readonly element: HTMLElement;
  value: PlaceValue;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly status: HTMLElement;
  private hits: PlaceHit[] = [];
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: AbortController | null = null;

  constructor(private readonly opts: PlaceComboboxOptions) {
    this.value = opts.value;
    const listId = `${opts.id}-list`;
    this.input = h("input", {
      id: opts.id,
      type: "text",
      role: "combobox",
      autocomplete: "off",
      spellcheck: "false",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      "aria-describedby": opts.describedBy ?? null,
      "data-key": opts.value.key,
    });
    this.input.value = opts.value.name;
    this.list = h("ul", { id: listId, role: "listbox", class: "place-options", hidden: true });
    this.status = h("p", { class: "hint", "aria-live": "polite" });
    this.element = h("div", { class: "combobox" }, this.input, this.list, this.status);
    this.input.addEventListener("input", () => this.schedule());
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    // Typing without choosing keeps the unit chosen before.
    this.input.addEventListener("blur", () => {
      this.close();
      this.input.value = this.value.name;
    });
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), 200);
  }

  private async search(): Promise<void> {
    const name = this.input.value.trim();
    this.inflight?.abort();
    if (name.length < 2) return this.close();
    const ctrl = new AbortController();
    this.inflight = ctrl;
    this.status.textContent = this.opts.texts.searching();
    try {
      this.hits = await searchPlaces(name, this.opts.asOf(), ctrl.signal);
    } catch (e) {
      if ((e as Error).name === "AbortError") return;
      this.hits = [];
    }
    if (ctrl.signal.aborted) return;
    this.active = this.hits.length ? 0 : -1;
    this.status.textContent = this.hits.length ? "" : this.opts.texts.none();
    this.render();
  }

  private label(p: PlaceHit): string {
    const lang = this.opts.texts.lang();
    const years = `${formatDate(p.validFrom, lang).slice(-4)}–${p.validTo ? formatDate(p.validTo, lang).slice(-4) : ""}`;
    return [p.name, `${LEVEL[lang][p.level] ?? p.level}${p.parentName ? `, ${p.parentName}` : ""}`, years, p.key].join(
      " · ",
    );
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.hits.map((p, i) =>
        h(
          "li",
          {
            id: `${this.opts.id}-opt-${i}`,
            role: "option",
            "aria-selected": String(i === this.active),
            "data-key": p.key,
            onmousedown: (e: Event) => {
              e.preventDefault();
              this.choose(i);
            },
          },
          this.label(p),
        ),
      ),
    );
    const open = this.hits.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    if (open && this.active >= 0)
      this.input.setAttribute("aria-activedescendant", `${this.opts.id}-opt-${this.active}`);
    else this.input.removeAttribute("aria-activedescendant");
  }

  private onKey(e: KeyboardEvent): void {
    const open = !this.list.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!open) return void this.search();
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.hits.length) % this.hits.length;
      this.render();
    } else if (e.key === "Enter" && open && this.active >= 0) {
      e.preventDefault();
      this.choose(this.active);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    }
  }

  private choose(i: number): void {
    const p = this.hits[i];
    this.value = { key: p.key, name: p.name };
    this.input.value = p.name;
    this.input.dataset.key = p.key;
    this.close();
  }

  private close(): void {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }
}
