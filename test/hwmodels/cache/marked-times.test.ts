import { describe, expect, it } from "vitest";
import { MarkedTimes } from "../../../src/hwmodels/cache/marked-times.ts";
import { Xorshift32 } from "../../../src/hwmodels/cache/random-policy.ts";

describe("MarkedTimes", () => {
  it("counts marks after a position like a plain array, as marks are added in order and removed", () => {
    // The newest word stays out of the Fenwick tree until marking moves past it; this walks
    // marks through many words, unmarking old and recent positions alike.
    const random = new Xorshift32(8);
    const size = 4096;
    const marks = new MarkedTimes(size);
    const marked: boolean[] = [];
    const live: number[] = [];
    for (let now = 0; now < size; now++) {
      marks.markNewest(now);
      marked[now] = true;
      live.push(now);
      if (live.length > 1 && random.next() % 3 !== 0) {
        const [position] = live.splice(random.next() % live.length, 1);
        marks.unmark(position!);
        marked[position!] = false;
      }
      const probe = live[random.next() % live.length]!;
      const expected = marked.slice(probe + 1).filter(Boolean).length;
      expect(marks.countAfter(probe), `at ${now}, after ${probe}`).toBe(expected);
    }
    expect(marks.marked).toBe(live.length);
  });

  it("ranks marked positions in order, and starts over from the first positions", () => {
    const marks = new MarkedTimes(256);
    for (const position of [3, 31, 32, 33, 100, 200]) marks.markNewest(position);
    marks.unmark(32);
    const rank = marks.ranks();
    expect([3, 31, 33, 100, 200].map(rank)).toEqual([0, 1, 2, 3, 4]);
    marks.resetToFirst(40);
    expect([marks.countAfter(0), marks.countAfter(31), marks.countAfter(39)]).toEqual([39, 8, 0]);
    marks.markNewest(40);
    marks.markNewest(70);
    marks.unmark(5);
    expect([marks.countAfter(0), marks.countAfter(40), marks.marked]).toEqual([40, 1, 41]);
  });
});
