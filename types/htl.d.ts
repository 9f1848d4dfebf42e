// htl ships no types: tagged templates that build DOM, with interpolated values escaped.
declare module "htl" {
  export function html(strings: TemplateStringsArray, ...values: unknown[]): Node;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): Node;
}
