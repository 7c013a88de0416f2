/* `casebook serve` only: reload the page when a rebuild has finished.
   Polls the preview's own build stamp (same origin, nothing else is fetched). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var stamp = script.src.replace(/assets\/casebook\/reload\.js(\?.*)?$/, "casebook-preview.txt");
  var seen = null;
  function check() {
    fetch(stamp, { cache: "no-store" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (text) {
      if (text === null) return;
      if (seen !== null && text !== seen) location.reload();
      seen = text;
    }).catch(function () { /* the server is restarting: try again */ });
  }
  check();
  setInterval(check, 1000);
})();
