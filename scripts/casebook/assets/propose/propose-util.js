/* Casebook Propose page: shared helpers (window.CasebookPropose.util).
 *
 * The page's scripts are classic scripts sharing one namespace, so the page also works
 * opened from disk (file://), where module scripts are refused. Every piece of text a
 * person typed reaches the page through el()/textContent, never as HTML.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      node.setAttribute(key, value === true ? "" : String(value));
    });
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // The same escape rules as casebook.proposal: ids made from data paths.
  function idFor(prefix, path) { return prefix + path.replace(/[^A-Za-z0-9_-]+/g, "-"); }

  // Python's difflib.SequenceMatcher ratio (without junk heuristics, which need 200+ characters),
  // so "did you mean" names what the command line would name.
  function ratio(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    function matches(alo, ahi, blo, bhi) {
      var best = 0, besti = alo, bestj = blo, lengths = {};
      for (var i = alo; i < ahi; i++) {
        var next = {};
        for (var j = blo; j < bhi; j++) {
          if (a[i] !== b[j]) continue;
          var k = (lengths[j - 1] || 0) + 1;
          next[j] = k;
          if (k > best) { best = k; besti = i - k + 1; bestj = j - k + 1; }
        }
        lengths = next;
      }
      if (!best) return 0;
      return best + matches(alo, besti, blo, bestj) + matches(besti + best, ahi, bestj + best, bhi);
    }
    var total = a.length + b.length;
    return total ? 2 * matches(0, a.length, 0, b.length) / total : 1;
  }

  // difflib.get_close_matches(word, options, n=1, cutoff=0.6): seq1 is the option, seq2 the word;
  // equal scores go to the larger string.
  function closest(word, options) {
    var best = null, score = -1;
    options.forEach(function (option) {
      var r = ratio(option, word);
      if (r >= 0.6 && (r > score || (r === score && option > best))) { best = option; score = r; }
    });
    return best;
  }

  // The rules the page was built with (data.rules, from propose-data.js) when no caller gave them.
  function pageRules() {
    if (!CP.rules && CP.data) CP.rules = CP.data.rules;
    return CP.rules;
  }

  // hints.did_you_mean, with casebook validate's words (propose-words.js).
  function didYouMean(word, options, rules) { return CP.words.didYouMean(word, options, rules || pageRules()); }

  // Python's repr, as problems.brief shows values: the same quotes, and the same escapes for what
  // Python does not print (controls, format characters such as U+202E, separators but the space).
  var UNPRINTABLE = /[\p{C}\p{Z}]/u;

  function escape(ch) {
    if (ch === "\\") return "\\\\";
    if (ch === "\n") return "\\n";
    if (ch === "\t") return "\\t";
    if (ch === "\r") return "\\r";
    if (ch === " " || !UNPRINTABLE.test(ch)) return ch;
    var code = ch.codePointAt(0), hex = code.toString(16);
    if (code < 0x100) return "\\x" + ("0" + hex).slice(-2);
    if (code < 0x10000) return "\\u" + ("000" + hex).slice(-4);
    return "\\U" + ("0000000" + hex).slice(-8);
  }

  function pyRepr(value) {
    if (value === null || value === undefined) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value === "number") return String(value);
    if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
    if (typeof value === "object") {
      return "{" + Object.keys(value).map(function (k) { return pyRepr(k) + ": " + pyRepr(value[k]); }).join(", ") + "}";
    }
    var quote = value.indexOf("'") >= 0 && value.indexOf('"') < 0 ? '"' : "'";
    var body = Array.from(value).map(escape).join("");
    if (quote === "'") body = body.replace(/'/g, "\\'");
    return quote + body + quote;
  }

  // Python's str(): text as it is, everything else as repr gives it.
  function pyStr(value) { return typeof value === "string" ? value : pyRepr(value); }

  // problems.brief: repr, cut to limit characters (code points, as Python counts them).
  function brief(value, limit) {
    limit = limit || 60;
    var text = Array.from(pyRepr(value));
    return text.length <= limit ? text.join("") : text.slice(0, limit - 4).join("") + "...'";
  }

  // hints.dotted: a data path as people read it (quotes[0].source).
  function dotted(parts) {
    var text = "";
    parts.forEach(function (part) {
      if (/^\d+$/.test(String(part))) text += "[" + part + "]";
      else text += text ? "." + part : String(part);
    });
    return text || "the document";
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, wait);
    };
  }

  // Storage can be refused (private windows, file://): the page still works without a draft.
  var storage = {
    get: function (key) { try { return root.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { root.localStorage.setItem(key, value); return true; } catch (e) { return false; } },
    remove: function (key) { try { root.localStorage.removeItem(key); } catch (e) { /* nothing kept */ } }
  };

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  CP.util = { el: el, clear: clear, idFor: idFor, ratio: ratio, closest: closest, didYouMean: didYouMean, pyRepr: pyRepr, pyStr: pyStr,
              brief: brief, dotted: dotted, debounce: debounce, storage: storage, today: today };
})(window);
