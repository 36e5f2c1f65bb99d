/** The filter panel: provinces, measure, programme, ethnicity, period, kind, view and boundaries. */
import { h } from "./dom.ts";
import { t, localName, type MessageKey } from "./i18n.ts";
import { PlacePicker } from "./place-picker.ts";
import { periodOptions, type State, type View } from "./state.ts";
import { KINDS, type Kind, type Reference } from "./types.ts";

export class Controls {
  readonly picker: PlacePicker;

  /** `form`: the side panel; `toolbar`: the view and boundary switches above the charts. */
  constructor(
    private readonly form: HTMLFormElement,
    private readonly toolbar: HTMLElement,
    private readonly ref: Reference,
    private readonly state: State,
    private readonly onChange: (patch: Partial<State>) => void,
  ) {
    this.picker = new PlacePicker(ref.places, (places) => onChange({ places }));
    form.addEventListener("submit", (e) => e.preventDefault());
  }

  /** Rebuilds the panel (language or view changed), keeping the focus where it was. */
  render(): void {
    const s = this.state;
    const focusedId =
      this.form.contains(document.activeElement) || this.toolbar.contains(document.activeElement)
        ? document.activeElement!.id
        : null;
    const select = (
      id: string,
      label: MessageKey,
      value: string,
      options: [string, string][],
      onchange: (v: string) => void,
      disabled = false,
    ) =>
      h(
        "div",
        { class: "field" },
        h("label", { for: id, class: "field-label" }, t(label)),
        h(
          "select",
          { id, disabled, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) },
          options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
        ),
      );

    const measures = [...this.ref.measures].sort((a, b) => localName(a).localeCompare(localName(b), "vi"));
    const depth = new Map<string, number>();
    for (const p of this.ref.programmes) depth.set(p.code, p.parentCode ? (depth.get(p.parentCode) ?? 0) + 1 : 0);
    // sub-programmes and the minorities' groups indented under their parent
    const indent = (n: number) => (n > 0 ? "\u00a0\u00a0".repeat(n) : "");
    const programmes: [string, string][] = this.ref.programmes.map((p) => [
      p.code,
      indent((depth.get(p.code) ?? 0) - 1) + localName(p),
    ]);
    const groups = this.ref.ethnicGroups.map((g): [string, string] => [
      g.code,
      g.code === "ALL"
        ? t("eth.ALL")
        : g.code === "DTTS"
          ? t("eth.DTTS")
          : indent(g.parentCode === "DTTS" ? 1 : 0) + g.name,
    ]);
    const periods = periodOptions(new Date().getFullYear()).map((p): [string, string] => [
      p,
      p === "" ? t("periodLatest") : p.replace("-", "–"),
    ]);
    const kinds: [string, string][] = KINDS.map((k) => [k, t(`kind.${k}`)]);

    const views = (["total", "per", "plan"] as const).map((v) =>
      h(
        "div",
        { class: "radio" },
        h("input", {
          type: "radio",
          name: "view",
          id: `view-${v}`,
          value: v,
          checked: s.view === v,
          onchange: () => this.onChange({ view: v as View }),
        }),
        h("label", { for: `view-${v}` }, t(`view.${v}`)),
      ),
    );

    this.picker.set(s.places);
    this.form.replaceChildren(
      this.picker.element,
      select(
        "measure",
        "measure",
        s.measure,
        measures.map((m) => [m.code, localName(m)]),
        (measure) => this.onChange({ measure }),
      ),
      select("programme", "programme", s.programme, programmes, (programme) => this.onChange({ programme })),
      select("ethnicity", "ethnicity", s.ethnicity, groups, (ethnicity) => this.onChange({ ethnicity })),
      select("period", "period", s.period, periods, (period) => this.onChange({ period })),
      select(
        "kind",
        "kind",
        s.view === "plan" ? "ACTUAL" : s.kind,
        kinds,
        (kind) => this.onChange({ kind: kind as Kind }),
        s.view === "plan",
      ),
    );
    this.toolbar.replaceChildren(
      h("fieldset", { class: "views" }, h("legend", { class: "sr-only" }, t("view")), views),
      h(
        "div",
        { class: "toggle" },
        h("input", {
          type: "checkbox",
          id: "boundaries",
          role: "switch",
          checked: s.current,
          "aria-describedby": "boundaries-hint",
          onchange: (e: Event) => this.onChange({ current: (e.target as HTMLInputElement).checked }),
        }),
        h("label", { for: "boundaries" }, t("boundaries")),
        h("span", { id: "boundaries-hint", class: "sr-only" }, t("boundariesHint")),
      ),
    );
    if (focusedId) document.getElementById(focusedId)?.focus();
  }
}
