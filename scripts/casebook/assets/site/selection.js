/* Casebook: what a case index address selects, and what is wrong with it, in the words of
   `casebook pack --from-url`.

   The words are not here: the page hands over selection.py's templates, every facet's
   known values and, when a value is not plain ASCII, a table of Unicode names and
   look-alikes made by Python at build time (selection-chars.js). What is here is the
   reasoning of hints.did_you_mean, lookalike.explain, difflib.get_close_matches and
   Python's repr, ported line by line; tests/test_selection_browser_copy.py runs this file
   in Node over every golden address and requires the very messages Python gives.
   Runs in the browser (window.CasebookSelection) and in Node (module.exports). */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.CasebookSelection = api;
})(this, function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function codePoints(text) {
    return Array.from(text);
  }

  function isAscii(text) {
    return !/[^\x00-\x7f]/.test(text);
  }

  /* str.casefold: plain ASCII needs no table; anything else uses Python's, per character. */
  function casefold(text, chars) {
    if (isAscii(text)) return text.toLowerCase();
    var folds = (chars && chars.casefold) || {};
    return codePoints(text).map(function (ch) {
      return Object.prototype.hasOwnProperty.call(folds, ch) ? folds[ch] : ch.toLowerCase();
    }).join("");
  }

  /* repr(str) as Python 3 writes it. */
  var NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  function hex(n, width) {
    var text = n.toString(16);
    while (text.length < width) text = "0" + text;
    return text;
  }

  function repr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = codePoints(text).map(function (ch) {
      if (ch === quote || ch === "\\") return "\\" + ch;
      if (ch === "\t") return "\\t";
      if (ch === "\n") return "\\n";
      if (ch === "\r") return "\\r";
      if (ch !== " " && NOT_PRINTABLE.test(ch)) {
        var code = ch.codePointAt(0);
        return code <= 0xff ? "\\x" + hex(code, 2) : code <= 0xffff ? "\\u" + hex(code, 4) : "\\U" + hex(code, 8);
      }
      return ch;
    });
    return quote + out.join("") + quote;
  }

  /* difflib.SequenceMatcher(None, a, b).ratio(), autojunk as in Python. */
  function ratio(a, b) {
    var b2j = new Map();
    b.forEach(function (elt, i) {
      if (!b2j.has(elt)) b2j.set(elt, []);
      b2j.get(elt).push(i);
    });
    if (b.length >= 200) {
      var ntest = Math.floor(b.length / 100) + 1;
      Array.from(b2j.keys()).forEach(function (elt) {
        if (b2j.get(elt).length > ntest) b2j.delete(elt);
      });
    }

    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map(), js = b2j.get(a[i]) || [];
        for (var n = 0; n < js.length; n++) {
          var j = js[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > bestsize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestsize = k;
          }
        }
        j2len = next;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
        besti -= 1;
        bestj -= 1;
        bestsize += 1;
      }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
        bestsize += 1;
      }
      return [besti, bestj, bestsize];
    }

    var matches = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop();
      var m = longest(q[0], q[1], q[2], q[3]);
      if (m[2]) {
        matches += m[2];
        if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
      }
    }
    var length = a.length + b.length;
    return length ? 2.0 * matches / length : 1.0;
  }

  function comparePoints(x, y) {  // Python's str ordering: by code point
    var a = codePoints(x), b = codePoints(y);
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      var d = a[i].codePointAt(0) - b[i].codePointAt(0);
      if (d) return d;
    }
    return a.length - b.length;
  }

  /* difflib.get_close_matches(word, options, n=1, cutoff): the best (score, option). */
  function closest(word, options, cutoff) {
    var b = codePoints(word), best = null;
    options.forEach(function (option) {
      var score = ratio(codePoints(option), b);
      if (score < cutoff) return;
      if (!best || score > best[0] || (score === best[0] && comparePoints(option, best[1]) > 0)) best = [score, option];
    });
    return best ? best[1] : null;
  }

  /* lookalike.ascii_twin, fold and explain, from Python's table. */
  function entry(ch, chars) {
    return (chars && chars.names && chars.names[ch]) || null;
  }

  function fold(text, chars) {
    var out = [];
    var points = codePoints(text);
    for (var i = 0; i < points.length; i++) {
      var ch = points[i];
      if (isAscii(ch)) {
        out.push(ch);
        continue;
      }
      var found = entry(ch, chars);
      if (!found || found[1] === null) return null;
      out.push(found[1]);
    }
    return out.join("");
  }

  function explain(text, words, chars) {
    var found = [];
    codePoints(text).forEach(function (ch, i) {
      if (!isAscii(ch) && !/[\p{Cc}\p{Cf}]/u.test(ch)) found.push([i + 1, ch]);
    });
    if (!found.length) return null;
    var parts = found.slice(0, words.max_named).map(function (pair) {
      var ch = pair[1], known = entry(ch, chars);
      var code = ch.codePointAt(0).toString(16).toUpperCase();
      while (code.length < 4) code = "0" + code;
      var what = format(words.character, { position: pair[0], code: code, name: known ? known[0] : words.unnamed });
      var twin = known ? known[1] : null;
      if (twin) what += format(words.looks_like, { kind: /^[A-Za-z]+$/.test(twin) ? "letter " : "", twin: repr(twin) });
      return what;
    });
    var more = found.length - words.max_named;
    return parts.join(words.separator) + (more > 0 ? format(words.more, { more: more }) : "");
  }

  /* hints.did_you_mean; folded[i] is options[i].casefold(), made by Python. */
  function didYouMean(word, options, folded, words, chars) {
    var foreign = explain(word, words, chars);
    var plain = foreign ? fold(word, chars) : null;
    if (foreign && plain !== null && options.indexOf(plain) >= 0) {
      return format(words.lookalike, { option: repr(plain), foreign: foreign });
    }
    var key = casefold(word, chars);
    var same = null;
    for (var i = 0; i < options.length && same === null; i++) if (folded[i] === key) same = options[i];
    var close = same !== null ? same : closest(word, options, words.close_enough);
    return close === null ? null : format(words.did_you_mean, { option: repr(close) });
  }

  /* urllib.parse.parse_qsl(query, keep_blank_values=False) */
  function pairs(search) {
    var out = [];
    new URLSearchParams(search).forEach(function (value, name) {
      if (value) out.push([name, value]);
    });
    return out;
  }

  /* The model as read() wants it: each option's casefold (Python's where it is not plain lower
     case) and every record id, the published ones from the page's cards. Record ids are
     lower-case ASCII (the schema's pattern), so they are their own casefold. */
  function prepare(model, publishedIds) {
    model.facets.forEach(function (f) {
      f.folded = f.options.map(function (o, i) {
        return Object.prototype.hasOwnProperty.call(f.folds, String(i)) ? f.folds[String(i)] : o.toLowerCase();
      });
    });
    model.records = {};
    publishedIds.forEach(function (id) { model.records[id] = "published"; });
    Object.keys(model.unpublished).forEach(function (id) { model.records[id] = model.unpublished[id]; });
    model.record_ids = Object.keys(model.records).sort(comparePoints);
    model.record_folded = model.record_ids;
    return model;
  }

  /* Does reading this address need the table of Unicode names (some value is not ASCII)? */
  function needsCharacters(search) {
    return pairs(search).some(function (pair) { return !isAscii(pair[0]) || !isAscii(pair[1]); });
  }

  /* selection.from_url then selection.check_selection: the selection and every problem. */
  function read(model, search, chars) {
    var words = model.words, found = pairs(search);
    var facets = {}, chosen = {}, ids = [];
    model.facets.forEach(function (f) { facets[f.name] = f; });
    for (var p = 0; p < found.length; p++) {
      var name = found[p][0], value = found[p][1];
      if (name === model.id_parameter) {
        ids.push(value);
      } else if (facets[name]) {
        (chosen[name] = chosen[name] || []).push(value);
      } else {
        var hint = didYouMean(name, model.parameters, model.parameters.map(function (n) { return casefold(n); }),
          words, chars);
        return { values: [], ids: [], about: [[name, value]], problems: [format(words.not_a_filter, {
          name: repr(name), hint: hint || format(words.filters_are, { names: model.facets.map(function (f) {
            return f.name;
          }).join(", ") }) })] };
      }
    }
    var values = [], problems = [], about = [];  // about[i]: the [name, value] problems[i] is about
    model.facets.forEach(function (facet) {
      var wanted = (chosen[facet.name] || []).filter(function (v, i, all) { return all.indexOf(v) === i; });
      if (!wanted.length) return;
      values.push([facet.name, wanted]);
      wanted.forEach(function (value) {
        var known = facet.fold_case ? facet.folded.indexOf(casefold(value, chars)) >= 0
          : facet.options.indexOf(value) >= 0;
        if (known) return;
        var listed = format(words.choose_one, { options: facet.options.slice(0, words.options_listed).join(", ") +
          (facet.options.length > words.options_listed ? ", ..." : "") });
        var hint = didYouMean(value, facet.options, facet.folded, words, chars) || facet.hint || listed;
        problems.push(format(words.not_a_value, { value: repr(value), what: facet.what, hint: hint }));
        about.push([facet.name, value]);
      });
    });
    ids.forEach(function (id) {
      var status = Object.prototype.hasOwnProperty.call(model.records, id) ? model.records[id] : null;
      if (status === null) {
        var guess = didYouMean(id, model.record_ids, model.record_folded, words, chars);
        problems.push(format(words.not_an_id, { id: repr(id), hint: guess || words.ids_are }));
        about.push([model.id_parameter, id]);
      } else if (status !== "published") {
        problems.push(format(words.not_published, { id: repr(id), status: status }));
        about.push([model.id_parameter, id]);
      }
    });
    return { values: values, ids: ids, problems: problems, about: about };
  }

  return { prepare: prepare, read: read, needsCharacters: needsCharacters, casefold: casefold, repr: repr, pairs: pairs,
    ratio: function (a, b) { return ratio(codePoints(a), codePoints(b)); } };
});
