// Writes src/engine/node/dom-global-names.json: the globals installDom takes from the pinned
// jsdom, which installDomOnDemand stands in for without loading jsdom. Run after upgrading jsdom
// (test/engine/install-dom.test.ts says when): npx tsx scripts/dom-global-names.ts
import { writeFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import { domGlobalNames } from "../src/engine/node/install-dom.ts";

const file = new URL("../src/engine/node/dom-global-names.json", import.meta.url);
const names = domGlobalNames(new JSDOM("").window);
writeFileSync(file, `${JSON.stringify(names, null, 2)}\n`);
console.log(`${names.length} names -> ${file.pathname}`);
