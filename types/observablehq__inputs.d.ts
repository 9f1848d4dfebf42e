// @observablehq/inputs ships no types. Each input is an element whose `value` is its current
// value and which dispatches `input` events; that is all the engine relies on.
declare module "@observablehq/inputs" {
  type Input<T = any> = HTMLElement & { value: T };
  type Factory = (...args: any[]) => Input;
  export const button: Factory;
  export const checkbox: Factory;
  export const toggle: Factory;
  export const radio: Factory;
  export const range: Factory;
  export const number: Factory;
  export const select: Factory;
  export const text: Factory;
  export const textarea: Factory;
  export const email: Factory;
  export const tel: Factory;
  export const url: Factory;
  export const password: Factory;
  export const color: Factory;
  export const date: Factory;
  export const datetime: Factory;
  export const file: Factory;
  export const search: Factory;
  export const table: Factory;
  export const form: Factory;
  export function input<T>(value: T): EventTarget & { value: T };
  export function bind<T extends Input>(
    target: T,
    source: Input,
    invalidation?: Promise<unknown>,
  ): T;
  export function disposal(element: Element): Promise<void>;
  export const searchFilter: (...args: any[]) => (value: any) => boolean;
  export const formatDate: (date: Date) => string;
  export const formatLocaleAuto: (locale?: string) => (value: unknown) => string;
  export const formatLocaleNumber: (locale?: string) => (value: number) => string;
  export const formatTrim: (value: number) => string;
  export const formatAuto: (value: unknown) => string;
  export const formatNumber: (value: number) => string;
}
