/* Casebook Propose page: adds the page's scripts once its first frame is painted.
 *
 * The page's HTML is the text and the frame of the steps; what makes the form work is
 * larger: the page data (propose-data.js, which grows with the collection), the record
 * schema compiled by Ajv and the form's own scripts. Named by the page itself (its
 * data-scripts attribute, written by propose_page.py), they are added here after the
 * browser has painted the page, in that order (async = false keeps it), so a phone
 * shows the page first and fetches the rest while the reader reads the introduction.
 */
(function (root) {
  "use strict";
  var me = root.document.currentScript;
  var names = (me && me.getAttribute("data-scripts") || "").split(" ").filter(Boolean);

  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    names.forEach(function (name) {
      var script = root.document.createElement("script");
      script.src = name;
      script.async = false;
      me.parentNode.insertBefore(script, me);
    });
  }

  // A frame is painted between the animation-frame callback and the timer it sets. A tab
  // opened in the background paints no frame until shown: the plain timer loads it anyway.
  if (root.requestAnimationFrame) root.requestAnimationFrame(function () { root.setTimeout(load, 0); });
  root.setTimeout(load, 1000);
})(window);
