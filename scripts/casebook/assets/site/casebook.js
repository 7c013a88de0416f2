/* Casebook: case-index filters with the state in the address, and the
   "how to cite" address filled in from the page actually being read.
   No network requests; nothing here runs on pages without the elements. */
(function () {
  "use strict";

  function citeAddress() {
    // The build knows the site's address when site_url is set; otherwise the page's own
    // address is offered, but only a web address: a file:// path is no use in a citation.
    var here = document.querySelector("[data-cb-here]");
    if (here && !/^https?:/.test(here.textContent) && /^https?:$/.test(location.protocol)) {
      here.textContent = location.origin + location.pathname;
    }
    var today = document.querySelector("[data-cb-today]");
    if (today) {
      today.textContent = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    }
  }

  function setupFilters() {
    var form = document.getElementById("cb-filters");
    var list = document.getElementById("cb-results");
    var count = document.getElementById("cb-count");
    if (!form || !list || !count) return;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var cards = Array.prototype.slice.call(list.children);
    var names = [];
    boxes.forEach(function (box) {
      if (names.indexOf(box.name) < 0) names.push(box.name);
    });

    function selected() {
      var chosen = {};
      boxes.forEach(function (box) {
        if (box.checked) (chosen[box.name] = chosen[box.name] || []).push(box.value);
      });
      return chosen;
    }

    function matches(card, chosen) {
      return names.every(function (name) {
        var wanted = chosen[name];
        if (!wanted) return true;
        var have = (card.getAttribute("data-" + name) || "").split("|");
        return wanted.some(function (value) { return have.indexOf(value) >= 0; });
      });
    }

    function apply(updateAddress) {
      var chosen = selected();
      var shown = 0;
      cards.forEach(function (card) {
        var ok = matches(card, chosen);
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown === cards.length
        ? cards.length + (cards.length === 1 ? " record" : " records")
        : shown + " of " + cards.length + " records match the filters";
      if (updateAddress) {
        var params = new URLSearchParams();
        names.forEach(function (name) {
          (chosen[name] || []).forEach(function (value) { params.append(name, value); });
        });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    function restore() {
      var params = new URLSearchParams(location.search);
      boxes.forEach(function (box) {
        box.checked = params.getAll(box.name).indexOf(box.value) >= 0;
      });
    }

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var clear = document.getElementById("cb-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        apply(true);
      });
    }
    window.addEventListener("popstate", function () { restore(); apply(false); });
    restore();
    apply(false);
  }

  /* Wide tables and code blocks scroll sideways; a keyboard user must be able to
     reach them to scroll (WCAG 2.1.1, axe scrollable-region-focusable). A table
     already in a labelled region of ours scrolls there (CSS), so it gets no
     second region; other regions are named after the heading they follow, so no
     two landmarks on a page share a name (axe landmark-unique). */
  function precedingHeading(el) {
    var headings = document.querySelectorAll(".md-typeset h1, .md-typeset h2, .md-typeset h3");
    var found = null;
    Array.prototype.forEach.call(headings, function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    });
    return found ? found.textContent.replace(/¶$/, "").trim() : "";
  }

  function focusableScrollers() {
    var found = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code");
    var used = {};
    Array.prototype.forEach.call(document.querySelectorAll("[role=region][aria-label]"), function (el) {
      used[el.getAttribute("aria-label")] = true;
    });
    Array.prototype.forEach.call(found, function (el) {
      if (el.hasAttribute("tabindex") || el.parentElement.closest("[role=region]")) return;
      if (el.scrollWidth <= el.clientWidth) return;
      var what = el.tagName === "CODE" ? "Code example" : "Table";
      var heading = precedingHeading(el);
      var label = what + (heading ? " under " + heading : "") + " (scrolls sideways)";
      for (var n = 2; used[label]; n++) label = what + " " + n + (heading ? " under " + heading : "") + " (scrolls sideways)";
      used[label] = true;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", label);
    });
  }

  function start() {
    citeAddress();
    focusableScrollers();
    window.addEventListener("resize", focusableScrollers);
    setupFilters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
