/* Casebook on every page: the "how to cite" address filled in from the page actually being
   read, the phone menu, Back to top, scrollable regions and links opened from disk (the
   case index's filters are case-index.js). No network requests; nothing here runs on
   pages without the elements. */
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

  /* Material's menu (the navigation drawer below 76.25em) opens from a <label>, which the
     keyboard cannot reach, while the closed drawer's links stay in the Tab order, off
     screen. A real button takes the label's place; the closed drawer is inert, so Tab
     meets only what is on screen; Escape or focus moving out of the open drawer closes it
     and the keyboard goes back to the button. */
  function setupDrawer() {
    var toggle = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    var label = document.querySelector(".md-header label.md-header__button[for='__drawer']");
    if (!toggle || !drawer || !label || !window.matchMedia) return;
    var narrow = window.matchMedia("(max-width: 76.234375em)");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon cb-menu-button";
    button.setAttribute("aria-label", "Menu");
    drawer.id = drawer.id || "cb-drawer";
    button.setAttribute("aria-controls", drawer.id);
    var icon = label.querySelector("svg");
    if (icon) button.appendChild(icon.cloneNode(true));
    label.parentNode.insertBefore(button, label);
    label.classList.add("cb-replaced");

    function sync() {
      var open = toggle.checked;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      drawer.inert = narrow.matches && !open;
    }

    function set(open, focusButton) {
      if (toggle.checked !== open) {
        toggle.checked = open;
        toggle.dispatchEvent(new Event("change"));
      }
      sync();
      if (open) {
        var first = drawer.querySelector("a[href], button, input:not([type=checkbox]):not([type=radio])");
        if (first) first.focus();
      } else if (focusButton) {
        button.focus();
      }
    }

    button.addEventListener("click", function () { set(!toggle.checked, false); });
    toggle.addEventListener("change", sync);
    drawer.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) set(false, true);
    });
    drawer.addEventListener("focusout", function (event) {
      var to = event.relatedTarget;
      if (narrow.matches && toggle.checked && to && !drawer.contains(to) && to !== button) set(false, false);
    });
    if (narrow.addEventListener) narrow.addEventListener("change", sync);
    sync();
  }

  /* Opened from disk (file://), a link to a folder ("../cases/") shows the folder's file
     listing, not its page: point such links at the folder's index.html. Served over http
     nothing changes. */
  function linksFromDisk() {
    if (location.protocol !== "file:") return;
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (link) {
      var href = link.getAttribute("href");
      if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href)) return;
      var split = href.match(/^([^?#]*)(.*)$/);
      var path = split[1];
      if (path === "." || path === ".." || /\/$/.test(path)) {
        link.setAttribute("href", path.replace(/\/?$/, "/") + "index.html" + split[2]);
      }
    });
  }

  /* Material's "Back to top" floats over the page while the reader scrolls up, and could
     sit on top of a control (the "Make a briefing pack" button among them). Over a link,
     button or field it steps aside (fades out, lets clicks through); over text it shows. */
  function setupBackToTop() {
    var top = document.querySelector(".md-top");
    if (!top || !document.elementsFromPoint) return;
    var CONTROL = "a[href], button, input, select, textarea, summary, label, [tabindex]";
    var pending = false;

    function covers() {
      var r = top.getBoundingClientRect();
      var points = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2],
        [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
      return points.some(function (p) {
        return document.elementsFromPoint(p[0], p[1]).some(function (el) {
          return !top.contains(el) && !el.closest(".md-header") && el.closest(CONTROL) !== null;
        });
      });
    }

    function check() {
      pending = false;
      top.classList.toggle("cb-top-aside", !top.hidden && covers());
    }

    function later() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(check);
      }
    }

    window.addEventListener("scroll", later, { passive: true });
    window.addEventListener("resize", later);
    document.addEventListener("focusin", later);
    new MutationObserver(later).observe(top, { attributes: true, attributeFilter: ["hidden"] });
  }

  function start() {
    linksFromDisk();
    setupBackToTop();
    setupDrawer();
    citeAddress();
    focusableScrollers();
    window.addEventListener("resize", focusableScrollers);
  }

  /* Deferred (as every theme script is: overrides/main.html), this runs once the page is parsed
     but before DOMContentLoaded, when readyState already says "interactive". Material wraps the
     tables in their scroll boxes on DOMContentLoaded, and its listener was added first: so wait
     for that event whenever it is still to come, and start after Material. */
  function beforeContentLoaded() {
    if (document.readyState === "loading") return true;
    var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    return !!nav && nav.domContentLoadedEventStart === 0;
  }

  if (beforeContentLoaded()) {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
