/* Casebook search: Pagefind's index behind Material's search box.
   Pagefind loads its index in small chunks as a query needs them, so the first
   search downloads a few hundred kilobytes however many records there are.
   Everything comes from this site (no CDN). Result text is put on the page as
   text, never as HTML: only Pagefind's <mark> highlights become elements. */
(function () {
  "use strict";

  var root = document.querySelector("[data-cb-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = root.querySelector("[data-cb-search-input]");
  var meta = root.querySelector("[data-cb-search-meta]");
  var list = root.querySelector("[data-cb-search-results]");
  var toggle = document.getElementById("__search");
  var initial = meta.textContent;
  // Fragments are fetched for the results on screen only (each is a request of a few KB).
  var PAGE_RESULTS = 10;
  // A query runs once typing pauses this long (Pagefind's own default): a search at every
  // keystroke would fetch the index chunks of "c", "co", "cou" ... on the way to "council".
  var TYPING_PAUSE_MS = 300;

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      var base = siteBase();
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        // noWorker: search on the page itself, as Pagefind did before 1.5; a worker would be a
        // second copy of the search code (41 KB) fetched before the first result.
        return module.options({ baseUrl: base.pathname, noWorker: true }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  /* While the panel is closed its results are hidden, so they leave the Tab order too:
     otherwise Tab and Enter after Escape act on links nobody can see. */
  var output = root.querySelector(".md-search__output");
  function sync() {
    if (output) output.inert = !(toggle && toggle.checked);
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    sync();
  }

  function close() {
    if (toggle) toggle.checked = false;
    sync();
  }

  if (toggle) toggle.addEventListener("change", sync);
  sync();

  /* Pagefind's excerpt is page text with "<" and ">" escaped and <mark> around
     matches; rebuild it from text nodes so nothing in it can become markup. */
  function excerptNodes(excerpt) {
    var fragment = document.createDocumentFragment();
    excerpt.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          fragment.appendChild(mark);
        } else {
          fragment.appendChild(text);
        }
      }
      return marked;
    }, false);
    return fragment;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    title.textContent = (data.meta && data.meta.title) || data.url;
    var excerpt = document.createElement("p");
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    article.appendChild(title);
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  var latest = 0;

  function describeCount(total, shown) {
    return total === 0 ? "No matching pages" :
      (total === 1 ? "1 matching page" : total + " matching pages") +
      (total > shown ? " (first " + shown + " shown)" : "");
  }

  // The next PAGE_RESULTS results, then a button for more while there are more.
  function showFrom(search, start, ticket) {
    var slice = search.results.slice(start, start + PAGE_RESULTS);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (pages) {
      if (ticket !== latest) return;
      var more = list.querySelector(".cb-search-more");
      if (more) more.remove();
      pages.forEach(function (page) { list.appendChild(resultItem(page)); });
      var shown = start + pages.length, total = search.results.length;
      meta.textContent = describeCount(total, shown);
      if (shown < total) {
        var item = document.createElement("li");
        item.className = "cb-search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = "Show " + Math.min(PAGE_RESULTS, total - shown) + " more results";
        button.addEventListener("click", function () {
          var links = list.querySelectorAll("a").length;
          showFrom(search, shown, ticket).then(function () {
            var next = list.querySelectorAll("a")[links];
            if (next) next.focus();  // the keyboard goes on at the first new result
          });
        });
        item.appendChild(button);
        list.appendChild(item);
      }
    });
  }

  function run(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      list.textContent = "";
      meta.textContent = initial;
      return;
    }
    loadPagefind().then(function (module) {
      // Our own pause, then one search: Pagefind's debouncedSearch would preload the index
      // chunks of every half-typed word ("c", "co", "cou" ...), most of a first query's bytes.
      return new Promise(function (resolve) { window.setTimeout(resolve, TYPING_PAUSE_MS); })
        .then(function () { return ticket === latest ? module.search(query) : null; });
    }).then(function (search) {
      if (search === null || ticket !== latest) return null; // a newer query superseded this one
      list.textContent = "";
      return showFrom(search, 0, ticket);
    }).catch(function () {
      if (ticket !== latest) return;
      list.textContent = "";
      meta.textContent = location.protocol === "file:" ?
        "Search needs the site served over http (run make serve); the case index filters work without it." :
        "Search could not load its index. The case index filters still work.";
    });
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () { open(); run(input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { run(""); input.focus(); }, 0);
  });
  root.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      close();
      input.blur();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });
  /* Focus that moves on out of the panel closes it: an open overlay would dim the
     page and hide the newly focused link under the panel (WCAG 2.4.11). Focus
     lost to nothing (a click on the panel's text) leaves it open. */
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
  /* Escape closes the open panel wherever focus is, not only inside it. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked && !root.contains(event.target)) close();
  });
  /* A search box in a page's own text (the 404 page): it runs in the header's panel. It is
     hidden until this script can run it. */
  Array.prototype.forEach.call(document.querySelectorAll("form[data-cb-search-launch]"), function (launch) {
    var field = launch.querySelector("input");
    launch.hidden = false;
    launch.addEventListener("submit", function (event) {
      event.preventDefault();
      input.value = field.value;
      open();
      input.focus();
      run(input.value);
    });
  });

  /* "/" or "s" jumps to search from anywhere but a form field, as in Material. */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === "/" || event.key === "s") {
      event.preventDefault();
      open();
      input.focus();
    }
  });
})();
