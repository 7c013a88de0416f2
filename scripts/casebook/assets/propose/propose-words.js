/* Casebook Propose page: the words of every problem (CasebookPropose.words).
 *
 * The sentences are not here: they are words.py's, sent in the page's data (data.rules.words)
 * by builders/propose_rules.py. This file is the formatter words.py defines (`{name}` replaced by
 * a value, nothing else special), and the two pieces of wording that need a computation:
 * look-alike characters (lookalike.py, from its own tables) and "did you mean"
 * (hints.did_you_mean). A problem is {path, severity, code, message, hint, plain, at}:
 * message and hint are casebook validate's words, plain is what the form shows.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util;
  var FIELD = /\{([A-Za-z_]+)\}/g;
  var HIDDEN = /[\p{Cc}\p{Cf}]/u;
  var has = Object.prototype.hasOwnProperty;

  function fill(template, values) {
    return template.replace(FIELD, function (_, name) {
      if (!has.call(values, name)) throw new Error("words: no value for {" + name + "} in " + JSON.stringify(template));
      return values[name];
    });
  }

  function phrase(rules, key, values) { return fill(rules.words.phrases[key], values || {}); }

  // {message, hint, plain} of a problem entry; hint: undefined takes the entry's own, null none, text that text.
  function said(rules, key, values, hint) {
    var entry = rules.words.problems[key];
    if (!entry) throw new Error("words: no entry " + key);
    values = values || {};
    return { message: fill(entry.message, values), plain: fill(entry.plain, values),
             hint: hint !== undefined ? hint : (entry.hint === null ? null : fill(entry.hint, values)) };
  }

  function problem(rules, severity, path, code, key, values, hint, at) {
    var words = said(rules, key, values, hint);
    return { path: path, severity: severity, code: code, message: words.message, hint: words.hint,
             plain: words.plain, at: at === undefined ? -1 : at };
  }

  // hints.dotted: a data path as people read it (quotes[0].source); numbers are list indexes.
  function dotted(rules, path) {
    var text = "";
    path.forEach(function (part) {
      text += typeof part === "number" ? "[" + part + "]" : (text ? "." + part : String(part));
    });
    return text || phrase(rules, "document");
  }

  function isAscii(ch) { return ch.codePointAt(0) < 0x80; }
  function hex(ch) { return ("000" + ch.codePointAt(0).toString(16).toUpperCase()).slice(-4); }

  // lookalike.fold: every look-alike replaced by its ASCII twin; null when some character has none.
  function fold(rules, text) {
    var twins = rules.lookalike.twins, out = "";
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var twin = isAscii(chars[i]) ? chars[i] : twins[chars[i]];
      if (twin === undefined) return null;
      out += twin;
    }
    return out;
  }

  // lookalike.explain: which characters are not ASCII, where, and what they look like; null when none.
  function explain(rules, text) {
    var L = rules.lookalike, found = [];
    Array.from(text).forEach(function (ch, i) { if (!isAscii(ch) && !HIDDEN.test(ch)) found.push([i + 1, ch]); });
    if (!found.length) return null;
    var parts = found.slice(0, L.maxNamed).map(function (f) {
      var ch = f[1], what = phrase(rules, "lookalike/character", { position: String(f[0]), code: hex(ch) });
      if (has.call(L.names, ch)) what += phrase(rules, "lookalike/name", { name: L.names[ch] });
      var twin = L.twins[ch];
      if (twin) {
        var kind = /^[A-Za-z]+$/.test(twin) ? phrase(rules, "lookalike/letter") : "";
        what += phrase(rules, "lookalike/twin", { kind: kind, twin: U.pyRepr(twin) });
      }
      return what;
    });
    var more = found.length - L.maxNamed;
    return parts.join(phrase(rules, "lookalike/separator")) +
      (more > 0 ? phrase(rules, "lookalike/more", { more: String(more) }) : "");
  }

  // str.casefold, a character at a time: its lower case but where Unicode folds it otherwise (ß, ς).
  function casefold(rules, text) {
    return Array.from(text).map(function (ch) {
      return has.call(rules.casefold, ch) ? rules.casefold[ch] : ch.toLowerCase();
    }).join("");
  }

  // hints.did_you_mean: the option equal but for look-alike letters or case, else the closest one; null when none is.
  function didYouMean(word, options, rules) {
    var foreign = explain(rules, word), folded = foreign ? fold(rules, word) : null;
    if (folded !== null && options.indexOf(folded) >= 0) {
      return phrase(rules, "did-you-mean/lookalike", { option: U.pyRepr(folded), foreign: foreign });
    }
    var key = casefold(rules, word);
    var same = options.filter(function (o) { return casefold(rules, o) === key; });
    var close = same.length ? same[0] : U.closest(word, options);
    return close === null ? null : phrase(rules, "did-you-mean", { option: U.pyRepr(close) });
  }

  CP.words = { fill: fill, phrase: phrase, said: said, problem: problem, fold: fold, explain: explain,
               casefold: casefold, didYouMean: didYouMean, hex: hex, dotted: dotted };
})(window);
