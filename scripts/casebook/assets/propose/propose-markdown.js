/* Casebook Propose page: what casebook reads out of Markdown (CasebookPropose.markdown).
 *
 * markdown.py's functions, step for step: citation keys and bare @names, the items of a
 * citation group, the statements (paragraphs and list items) that must each cite a
 * source, links and their schemes. The patterns are markdown.py's own, sent in the page's
 * data (data.rules.markdown) in JavaScript's dialect; offsets are into the string as
 * JavaScript indexes it, which only this side ever compares.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var cache = new WeakMap();

  // Each pattern compiled once: as given, global ("g", to scan, with "d" for where its groups start) and
  // sticky ("y", to match at a place, as Python's pattern.match(text, pos)).
  function patterns(rules) {
    var found = cache.get(rules);
    if (found) return found;
    found = {};
    [rules.markdown, rules.rawHtml].forEach(function (group) {
      Object.keys(group).forEach(function (name) {
        var spec = group[name];
        if (!spec || typeof spec.source !== "string") { found[name] = spec; return; }
        found[name] = new RegExp(spec.source, spec.flags);
        found[name + "G"] = new RegExp(spec.source, spec.flags + "gd");
        found[name + "Y"] = new RegExp(spec.source, spec.flags + "y");
      });
    });
    var space = rules.markdown.space.source;
    found.lead = new RegExp("^(?:" + space + ")+", "u");
    found.trail = new RegExp("(?:" + space + ")+$", "u");
    found.spaces = new RegExp("(?:" + space + ")+", "u");
    cache.set(rules, found);
    return found;
  }

  function all(regex, text) {
    var out = [], m;
    regex.lastIndex = 0;
    while ((m = regex.exec(text)) !== null) {
      out.push(m);
      if (m[0] === "") regex.lastIndex++;
    }
    return out;
  }

  function matchAt(regex, text, pos) { regex.lastIndex = pos; return regex.exec(text); }

  // str.rfind(sub, start, end) and str.find(sub, start, end) for one character.
  function rfind(text, ch, start, end) {
    var at = end > 0 ? text.lastIndexOf(ch, end - 1) : -1;
    return at >= start ? at : -1;
  }
  function find(text, ch, start, end) {
    var at = text.indexOf(ch, start);
    return at === -1 || (end !== undefined && at >= end) ? -1 : at;
  }

  function strip(P, text) { return text.replace(P.lead, "").replace(P.trail, ""); }
  function lstrip(P, text) { return text.replace(P.lead, ""); }
  function rstrip(P, text) { return text.replace(P.trail, ""); }
  function split(P, text) { return strip(P, text).split(P.spaces).filter(Boolean); }

  // str.splitlines: \n, \r\n, \r and Python's other line boundaries; no empty last line.
  function splitlines(text) {
    var lines = text.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    return text === "" ? [] : lines;
  }

  // markdown._keys: [cited, bare], each a list of {value, offset}.
  function keys(rules, text) {
    var cited = [], bare = [];
    if (text.indexOf("@") < 0) return [cited, bare];
    all(patterns(rules).keyG, text).forEach(function (m) {
      var pos = m.index, found = { value: m[1], offset: m.indices[1][0] };
      if (rfind(text, "[", 0, pos) <= rfind(text, "]", 0, pos)) { bare.push(found); return; }
      var close = text.indexOf("]", pos), reopen = text.indexOf("[", pos);
      (close === -1 || (reopen > -1 && reopen < close) ? bare : cited).push(found);
    });
    return [cited, bare];
  }
  function citationKeys(rules, text) { return keys(rules, text)[0]; }
  function bareKeys(rules, text) { return keys(rules, text)[1]; }

  // markdown.citation_items: each cited key with the prefix and suffix around it in its group.
  function citationItems(rules, text) {
    var P = patterns(rules);
    return citationKeys(rules, text).map(function (found) {
      var openAt = rfind(text, "[", 0, found.offset), closeAt = text.indexOf("]", found.offset);
      var start = Math.max(openAt, rfind(text, ";", openAt, found.offset)) + 1;
      var end = find(text, ";", found.offset, closeAt);
      end = end === -1 ? closeAt : end;
      var at = found.offset - 1 - (found.offset >= 2 && text.charAt(found.offset - 2) === "-" ? 1 : 0);
      var suffix = strip(P, text.slice(found.offset + found.value.length, end));
      return { key: found, prefix: strip(P, text.slice(start, at)),
               suffix: strip(P, suffix.charAt(0) === "," ? suffix.slice(1) : suffix) };
    });
  }

  function isListItem(rules, text) { return matchAt(patterns(rules).listItemY, text, 0) !== null; }

  // markdown.statements: the paragraphs and list items, each {value, offset}.
  function statements(rules, text) {
    var P = patterns(rules), bounds = [], pos = 0, found = [];
    all(P.blockBreakG, text).forEach(function (m) { bounds.push([pos, m.index]); pos = m.index + m[0].length; });
    bounds.push([pos, text.length]);
    bounds.forEach(function (b) {
      var block = text.slice(b[0], b[1]), cuts = [0];
      if (block.indexOf("\n") >= 0) {
        all(P.listItemG, block).forEach(function (m) { if (cuts.indexOf(m.index) < 0) cuts.push(m.index); });
        cuts.sort(function (x, y) { return x - y; });
      }
      cuts.forEach(function (cut, i) {
        var piece = block.slice(cut, i + 1 < cuts.length ? cuts[i + 1] : block.length);
        if (saysSomething(P, piece)) {
          found.push({ value: strip(P, piece), offset: b[0] + cut + piece.length - lstrip(P, piece).length });
        }
      });
    });
    return found;
  }

  function saysSomething(P, piece) {
    if (piece.indexOf("\n") < 0 && P.notTextLeads.indexOf(Array.from(lstrip(P, piece)).slice(0, 1).join("")) < 0) {
      return true;
    }
    var lines = splitlines(piece), keep = lines.map(function () { return true; });
    lines.forEach(function (line, i) {
      if (i && matchAt(P.underlineY, line, 0) && keep[i - 1] && strip(P, lines[i - 1])) keep[i] = keep[i - 1] = false;
      else if (matchAt(P.headingY, line, 0) || matchAt(P.linkDefY, line, 0) || matchAt(P.ruleY, line, 0)) keep[i] = false;
    });
    return lines.some(function (line, i) { return keep[i] && strip(P, line); });
  }

  CP.markdown = { patterns: patterns, all: all, matchAt: matchAt, rfind: rfind, find: find, strip: strip,
                  lstrip: lstrip, rstrip: rstrip, split: split, splitlines: splitlines, citationKeys: citationKeys,
                  bareKeys: bareKeys, citationItems: citationItems, isListItem: isListItem, statements: statements };
})(window);
