import { applyOverride } from "../runtime/apply-override.ts";
import type { OverrideFor } from "../runtime/define-cell.ts";
import { inputValue, viewElement } from "../stdlib/generators/input.ts";
import { formatUrlState, readUrlState } from "./url-state.ts";

type InputElement = EventTarget & { value?: unknown };

/**
 * Keeps a notebook's inputs and the page URL's hash in step, so a link opens the notebook in the
 * state it was shared in: the hash's values override the inputs they name when the page loads
 * (or the hash changes), and moving an input rewrites the hash.
 */
export class SharedState {
  private readonly inputs = new Map<string, InputElement>();
  private readonly watched = new WeakSet<InputElement>();
  private pending = false;
  private values: Map<string, unknown>;

  /**
   * @param known names the link may mention (the notebook's params and declarations)
   * @param params the front-matter params: a link may set these and inputs shown with view(),
   *   nothing else, so a crafted link cannot replace, say, a URL a cell fetches
   */
  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly params: ReadonlySet<string>,
    private readonly notice: (message: string) => void,
  ) {
    const state = readUrlState(location.hash, known);
    for (const problem of state.problems) notice(problem);
    this.values = state.values;
    addEventListener("hashchange", () => this.followHash());
  }

  /** Overrides for the names the link set, as the runtime asks for them. */
  readonly overrideFor: OverrideFor = (name) => {
    if (!this.values.has(name)) return undefined;
    const apply = applyOverride(name, this.values.get(name), (n, wanted, actual) =>
      this.notice(
        `the link sets ${n} to ${JSON.stringify(wanted)}, which its input does not accept; it shows ${JSON.stringify(actual)}`,
      ),
    );
    return (value) => {
      if (viewElement(value) || this.params.has(name)) return apply(value);
      this.notice(`the link sets ${name}, which is not an input of this notebook; ignored`);
      this.values.delete(name);
      return value;
    };
  };

  /** An input shown with view(): watch it, so the hash follows it. */
  readonly onInput = (name: string, element: InputElement): void => {
    this.inputs.set(name, element);
    if (this.watched.has(element)) return;
    this.watched.add(element);
    element.addEventListener("input", () => this.scheduleWrite());
  };

  private scheduleWrite(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      const current = new Map<string, unknown>();
      for (const [name, element] of this.inputs) current.set(name, inputValue(element));
      this.values = current;
      const hash = formatUrlState(current);
      if (hash !== location.hash)
        history.replaceState(history.state, "", hash || location.pathname + location.search);
    });
  }

  /** The reader edited the hash or went back: set the inputs it names. */
  private followHash(): void {
    const state = readUrlState(location.hash, this.known);
    for (const problem of state.problems) this.notice(problem);
    for (const [name, value] of state.values) {
      const element = this.inputs.get(name);
      if (!element || JSON.stringify(inputValue(element)) === JSON.stringify(value)) continue;
      element.value = value;
      element.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
}
