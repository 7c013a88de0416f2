/* Casebook: the briefing-pack maker in a Web Worker, so the page stays responsive while Typst
   sets a pack (pack-make.mjs does the work).

   In:  the request pack-make.mjs describes.
   Out: {type: "progress", text} ... then {type: "done", bytes, pages, mode, title} or
        {type: "error", message}. */
import { makePack } from "./pack-make.mjs";

function progress(text) {
  self.postMessage({ type: "progress", text: text });
}

self.onmessage = function (event) {
  makePack(event.data, progress).then(function (made) {
    var bytes = made.bytes.slice();  // its own buffer, to hand over without a copy
    self.postMessage({ type: "done", bytes: bytes, pages: Number(made.info.pages), mode: made.info.mode,
      title: made.info.title }, [bytes.buffer]);
  }, function (problem) {
    self.postMessage({ type: "error", message: problem && problem.message ? problem.message : String(problem) });
  });
};
