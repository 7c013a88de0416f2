// The browser's pack route run by Node, outside any browser: the site's own pack-make.mjs
// (gather, then the vendored typst.ts) against the site served at ADDRESS. Node cannot import
// modules over http, so the site's modules are imported from SITE_DIR; everything else (pack
// data, WebAssembly, fonts) is fetched from the server as a browser would.
// Usage: node pack_route.mjs SITE_DIR ADDRESS REQUEST_JSON OUT (the request's format, PDF by default);
// prints the pack's info as JSON.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, address, requestFile, out] = process.argv.slice(2);
const local = (url) => pathToFileURL(join(siteDir, url.slice(address.length))).href;
const { makePack } = await import(local(address + "assets/casebook/pack-make.mjs"));
const request = { root: address, ...JSON.parse(readFileSync(requestFile, "utf-8")) };
const made = await makePack(request, () => {}, {
  importModule: (url) => import(url.startsWith(address) ? local(url) : url),
  fetcher: (url, init) => fetch(url, init),
});
writeFileSync(out, made.bytes);
console.log(JSON.stringify(made.info));
