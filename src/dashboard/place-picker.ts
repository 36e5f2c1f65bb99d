/**
 * Choosing provinces: the 34 of 2025 and the 63 before, as labelled checkboxes (keyboard and screen
 * reader friendly as they are), a search box that filters them, and the chosen ones as removable
 * chips in their chart colour. The search box is never rebuilt while typing (Vietnamese input
 * methods compose in it).
 */
import { colourOf } from "./chart.ts";
import { fold, h } from "./dom.ts";
import { t } from "./i18n.ts";
import { MAX_PLACES } from "./state.ts";
import type { Place } from "./types.ts";

export class PlacePicker {
  private selected: string[] = [];
  private readonly root: HTMLFieldSetElement;
  private readonly legend = h("legend", {});
  private readonly chosen = h("div", { class: "chosen" });
  private readonly searchLabel = h("label", { for: "place-search", class: "field-label" });
  private readonly search = h("input", {
    id: "place-search",
    type: "search",
    autocomplete: "off",
    "aria-describedby": "place-search-hint",
    "aria-controls": "place-list",
  });
  private readonly hint = h("p", { id: "place-search-hint", class: "hint" });
  private readonly list = h("div", { id: "place-list", class: "place-list" });
  private readonly byKey: Map<string, Place>;

  constructor(
    private readonly places: Place[],
    private readonly onChange: (keys: string[]) => void,
  ) {
    this.byKey = new Map(places.map((p) => [p.key, p]));
    this.places = [...places].sort((a, b) => a.name.localeCompare(b.name, "vi"));
    this.search.addEventListener("input", () => this.renderList());
    this.list.addEventListener("keydown", (e) => this.move(e));
    this.root = h(
      "fieldset",
      { class: "places" },
      this.legend,
      this.chosen,
      this.searchLabel,
      this.search,
      this.hint,
      this.list,
    );
  }

  get element(): HTMLElement {
    return this.root;
  }

  set(keys: string[]): void {
    this.selected = keys.filter((k) => this.byKey.has(k));
    this.render();
  }

  /** Everything, in the current language. */
  render(): void {
    this.legend.textContent = t("places");
    this.searchLabel.textContent = t("placeSearch");
    this.renderChosen();
    this.renderList();
  }

  private renderChosen(): void {
    const hadFocus = this.chosen.contains(document.activeElement);
    const chips = this.selected.map((key, i) => {
      const p = this.byKey.get(key)!;
      return h(
        "li",
        { class: "chip" },
        h("span", { class: "swatch", style: `background:${colourOf(i)}`, "aria-hidden": "true" }),
        h("span", {}, p.name, " ", h("small", {}, p.validTo ? t("unitOld") : t("unitNew"))),
        h(
          "button",
          {
            type: "button",
            class: "chip-remove",
            "aria-label": t("remove", { name: p.name }),
            onclick: () => this.toggle(key, false),
          },
          "×",
        ),
      );
    });
    this.chosen.hidden = chips.length === 0;
    this.chosen.replaceChildren(
      h("ul", { class: "chips", "aria-label": t("chosenPlaces") }, chips),
      h("button", { type: "button", class: "link-button", onclick: () => this.update([]) }, t("clearPlaces")),
    );
    // a removed chip's button is gone: the next chip, else the search box, takes the focus
    if (hadFocus) ((this.chosen.querySelector(".chip-remove") as HTMLElement | null) ?? this.search).focus();
  }

  private renderList(): void {
    const full = this.selected.length >= MAX_PLACES;
    const needle = fold(this.search.value.trim());
    const matches = (p: Place) =>
      !needle || fold(p.name).includes(needle) || p.nameAscii.includes(needle) || p.code === needle;
    const focusedId = this.list.contains(document.activeElement) ? document.activeElement!.id : null;
    const scrolled = this.list.scrollTop;

    const group = (title: string, items: Place[], id: string) => {
      const shown = items.filter(matches);
      if (!shown.length) return null;
      return h(
        "div",
        { class: "place-group", role: "group", "aria-labelledby": id },
        h("h3", { id }, title),
        h(
          "ul",
          {},
          shown.map((p) => {
            const checked = this.selected.includes(p.key);
            const inputId = `place-${p.key}`;
            return h(
              "li",
              {},
              h("input", {
                type: "checkbox",
                id: inputId,
                value: p.key,
                checked,
                disabled: full && !checked,
                onchange: (e: Event) => this.toggle(p.key, (e.target as HTMLInputElement).checked),
              }),
              h("label", { for: inputId }, p.name, h("span", { class: "place-code", "aria-hidden": "true" }, p.code)),
            );
          }),
        ),
      );
    };
    const groups = [
      group(
        t("currentUnits"),
        this.places.filter((p) => !p.validTo),
        "places-current",
      ),
      group(
        t("oldUnits"),
        this.places.filter((p) => p.validTo),
        "places-old",
      ),
    ].filter((g): g is HTMLDivElement => g !== null);
    this.list.replaceChildren(...(groups.length ? groups : [h("p", { class: "hint" }, t("noPlaceMatches"))]));
    this.hint.textContent = t("placeSearchHint") + (full ? ` ${t("maxPlaces", { n: MAX_PLACES })}` : "");
    this.list.scrollTop = scrolled;
    // one tab stop for the whole list (arrows move inside it): the focused box, else the first
    const boxes = this.boxes();
    const current = boxes.find((b) => b.id === focusedId) ?? boxes.find((b) => b.checked) ?? boxes[0];
    for (const b of boxes) b.tabIndex = b === current ? 0 : -1;
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  private boxes(): HTMLInputElement[] {
    return [...this.list.querySelectorAll<HTMLInputElement>("input[type=checkbox]:not(:disabled)")];
  }

  /** ↑ ↓ Home End between the boxes; Space toggles (the browser's own). */
  private move(e: KeyboardEvent): void {
    const boxes = this.boxes();
    const at = boxes.indexOf(document.activeElement as HTMLInputElement);
    if (at < 0) return;
    const to =
      e.key === "ArrowDown"
        ? Math.min(at + 1, boxes.length - 1)
        : e.key === "ArrowUp"
          ? Math.max(at - 1, 0)
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? boxes.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    boxes[at].tabIndex = -1;
    boxes[to].tabIndex = 0;
    boxes[to].focus();
  }

  private toggle(key: string, on: boolean): void {
    const next = on ? [...this.selected.filter((k) => k !== key), key] : this.selected.filter((k) => k !== key);
    this.update(next.slice(0, MAX_PLACES));
  }

  private update(keys: string[]): void {
    this.selected = keys;
    this.renderChosen();
    this.renderList();
    this.onChange(keys);
  }
}
