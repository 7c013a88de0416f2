/* Casebook: make a briefing pack from the site's pack data: load it, gather pack.json
   (pack-gather.mjs) and compile pack.typ with Typst built for WebAssembly (typst.ts, vendored
   from npm into this site: nothing is fetched from another host). The compiler is kept for the
   next pack. Run by the pack worker (pack-worker.mjs) in the browser, and by Node in the test
   that compares this route with `casebook pack` (tests/test_pack_routes.py).

   request: {root, ids, byHand, selection, title, isoDate, view, emptyMessage, format} (root: the site's
   address; view: {query, here} of a filtered index, else null). progress(text) hears each
   step. env (optional): {importModule(url), fetcher} where import() or the font loader's own
   fetch will not do (Node). request.format: "pdf" (the default), "docx" or "html". Resolves to
   {bytes, info: {pages, mode, budget, title}} (bytes also as pdf, the name it had). */
import { HTML_STYLE, htmlPack, wordPack } from "./pack-formats.mjs";
import { gatherPack, needsRecordFiles, packOrder } from "./pack-gather.mjs";

var compilerPromise = null;
var indexPromise = null;
var CONCURRENT_FETCHES = 16;

function fetchOk(url) {
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error("could not load " + url + " (" + response.status + ")");
    return response;
  });
}

function loadIndex(root) {
  if (!indexPromise) {
    indexPromise = Promise.all([
      fetchOk(root + "packs/data/index.json").then(function (r) { return r.json(); }),
    ]).then(function (loaded) {
      var index = loaded[0];
      return fetchOk(root + "packs/data/" + index.template).then(function (r) { return r.text(); })
        .then(function (template) { return { index: index, template: template }; });
    });
    indexPromise.catch(function () { indexPromise = null; });
  }
  return indexPromise;
}

/* The records' files, a few at a time, saying how far it has got. */
function loadRecords(root, ids, progress) {
  var out = new Array(ids.length);
  var next = 0, done = 0;
  function one() {
    if (next >= ids.length) return Promise.resolve();
    var i = next++;
    return fetchOk(root + "packs/data/records/" + encodeURIComponent(ids[i]) + ".json")
      .then(function (r) { return r.json(); })
      .then(function (data) {
        out[i] = data;
        done += 1;
        if (done % 25 === 0 || done === ids.length) progress("Loading the records: " + done + " of " + ids.length + "…");
        return one();
      });
  }
  var lanes = [];
  for (var k = 0; k < Math.min(CONCURRENT_FETCHES, ids.length); k++) lanes.push(one());
  return Promise.all(lanes).then(function () { return out; });
}

function loadCompiler(root, index, progress, env) {
  if (compilerPromise) return compilerPromise;
  var base = root + "assets/casebook/typst/";
  var load = env.importModule || function (url) { return import(url); };
  var fontOptions = env.fetcher ? { assets: false, fetcher: env.fetcher } : { assets: false };
  progress("Loading the pack maker (about 12 MB, once; your browser keeps it)…");
  compilerPromise = Promise.all([load(base + "typst.ts/compiler.mjs"), load(base + "typst.ts/options.init.mjs")])
    .then(function (modules) {
      var compiler = modules[0].createTypstCompiler();
      return compiler.init({
        getModule: function () { return base + "web-compiler/typst_ts_web_compiler_bg.wasm"; },
        getWrapper: function () { return load(base + "web-compiler/typst_ts_web_compiler.mjs"); },
        // assets: false, or typst.ts quietly adds fonts from a CDN.
        beforeBuild: [modules[1].loadFonts(index.fonts.map(function (f) { return root + f; }), fontOptions)],
      }).then(function () { return compiler; });
    });
  compilerPromise.catch(function () { compilerPromise = null; });
  return compilerPromise;
}

function diagnosticText(diagnostics) {
  return (diagnostics || []).map(function (d) { return typeof d === "string" ? d : d.message; }).join("; ") ||
    "Typst could not compile the pack";
}

/* One compile: what pack.typ says it made (pages, mode, budget, title) and, as asked, the PDF
   and what the pack says (<casebook-document>, for the Word and HTML packs). */
function compile(compiler, template, data, want) {
  compiler.resetShadow();
  compiler.addSource("/main.typ", template);
  compiler.mapShadow("/pack.json", new TextEncoder().encode(JSON.stringify(data)));
  return compiler.runWithWorld({ mainFilePath: "/main.typ", inputs: {} }, function (world) {
    return Promise.resolve(world.compile({ diagnostics: "full" })).then(function (done) {
      if (done.hasError) throw new Error(diagnosticText(done.diagnostics));
      return Promise.all([Promise.resolve(world.query({ selector: "<casebook-pack>", field: "value" })),
        want.pdf ? Promise.resolve(world.pdf({ diagnostics: "full" })) : null,
        want.document ? Promise.resolve(world.query({ selector: "<casebook-document>", field: "value" })) : null]);
    }).then(function (out) {
      if (want.pdf && !out[1].result) throw new Error(diagnosticText(out[1].diagnostics));
      return { info: out[0][0], pdf: want.pdf ? out[1].result : null, document: want.document ? out[2][0] : null };
    });
  });
}

var docxPromise = null;

function loadDocx(root, env) {
  var load = env.importModule || function (url) { return import(url); };
  if (!docxPromise) docxPromise = load(root + "assets/casebook/docx/docx.mjs");
  docxPromise.catch(function () { docxPromise = null; });
  return docxPromise;
}

/* The bytes of the format asked for: the PDF as Typst made it, or Word or HTML set from what the
   pack says (pack-formats.mjs). */
function inFormat(request, made, data, env) {
  var format = request.format || "pdf";
  if (format === "pdf") return Promise.resolve(made.pdf);
  if (format === "html") {
    return Promise.resolve(new TextEncoder().encode(htmlPack(made.document, data, HTML_STYLE)));
  }
  return loadDocx(request.root, env).then(function (docx) {
    return wordPack(docx, made.document, data);
  }).then(function (buffer) { return new Uint8Array(buffer); });
}

export function makePack(request, progress, env) {
  env = env || {};
  var root = request.root;
  progress("Loading the records…");
  return loadIndex(root).then(function (loaded) {
    var index = loaded.index;
    var ids = packOrder(index, request.ids, request.byHand);
    if (!ids.length) throw new Error(request.emptyMessage || "No record is selected.");
    var full = needsRecordFiles(index, ids.length, "auto");
    return Promise.all([full ? loadRecords(root, ids, progress) : Promise.resolve(null),
      loadCompiler(root, index, progress, env)])
      .then(function (got) {
        var records = got[0], compiler = got[1];
        var view = request.view && (index.site_url ? index.site_url + "cases/" + request.view.query : request.view.here);
        var data = gatherPack(index, ids, records, request.selection, request.title, request.isoDate, view, "auto");
        progress("Making the pack (" + ids.length + " record" + (ids.length === 1 ? "" : "s") + ")…");
        var want = { pdf: (request.format || "pdf") === "pdf", document: (request.format || "pdf") !== "pdf" };
        return compile(compiler, loaded.template, data, want).then(function (made) {
          if (made.info.mode !== "full" || made.info.pages <= made.info.budget) return made;
          progress("Over " + made.info.budget + " pages: making a digest instead…");
          data.mode = "digest";
          return compile(compiler, loaded.template, data, want);
        }).then(function (made) {
          if (want.document) progress("Setting it as " + (request.format === "html" ? "a web page" : "a Word file") + "…");
          return inFormat(request, made, data, env).then(function (bytes) {
            return { pdf: bytes, bytes: bytes, info: made.info };
          });
        });
      });
  });
}

