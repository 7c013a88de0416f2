/* Casebook Propose page: raw HTML in Markdown (CasebookPropose.html).
 *
 * rawhtml.py's scanner, step for step: tags, comments and processing instructions where
 * pandoc's raw_html extension would read them, not in code, link destinations or after a
 * backslash; a closing tag only when nothing opened it. Its patterns come in the page's data.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var M = CP.markdown;
  var ALPHA = /^\p{L}$/u, ALNUM = /^[\p{L}\p{N}]$/u;

  function isName(name, attribute) {
    var chars = Array.from(name);
    return chars.length > 0 && ALPHA.test(chars[0]) && (attribute || chars[chars.length - 1] !== ":") &&
      chars.every(function (c) { return ALNUM.test(c) || ":-_".indexOf(c) >= 0; });
  }

  // rawhtml.raw_html: [{text, offset, comment}].
  function rawHtml(rules, text) {
    if (text.indexOf("<") < 0) return [];
    var P = M.patterns(rules), skip = skipped(rules, P, text), found = [], opened = {};
    var i = text.indexOf("<");
    while (i !== -1) {
      if (skip.has(i)) { i = text.indexOf("<", skip.get(i)); continue; }
      var read = readAt(P, text, i);
      if (read.end === null) { i = text.indexOf("<", i + 1); continue; }
      if (!(read.closing && opened[read.name])) found.push({ text: text.slice(i, read.end), offset: i, comment: read.name === "!--" });
      if (!read.closing) opened[read.name] = true;
      i = text.indexOf("<", read.end);
    }
    return found;
  }

  function readAt(P, text, i) {
    var comment = M.matchAt(P.commentY, text, i);
    if (comment) return { end: i + comment[0].length, name: "!--", closing: false };
    if (text.startsWith("<?", i) && ALPHA.test(Array.from(text.slice(i + 2, i + 4))[0] || "")) {
      var close = text.indexOf(">", i);
      return { end: close === -1 ? null : close + 1, name: "?", closing: false };
    }
    var closing = text.startsWith("</", i), start = i + (closing ? 2 : 1);
    P.nameEndG.lastIndex = start;
    var stop = P.nameEndG.exec(text);
    var name = text.slice(start, stop ? stop.index : text.length);
    if (!isName(name) || !stop) return { end: null };
    if (closing) {
      var gt = text.indexOf(">", stop.index);
      return { end: gt === -1 ? null : gt + 1, name: name.toLowerCase(), closing: true };
    }
    return { end: attributesEnd(P, text, stop.index), name: name.toLowerCase(), closing: false };
  }

  function attributesEnd(P, text, pos) {
    var n = text.length, space = P.tagSpace;
    while (pos < n) {
      var ch = text.charAt(pos);
      if (space.indexOf(ch) >= 0 || ch === "/") pos++;
      else if (ch === ">") return pos + 1;
      else if (P.notAttribute.indexOf(ch) >= 0) return null;
      else {
        var start = pos;
        while (pos < n && space.indexOf(text.charAt(pos)) < 0 && "\"'>/=`".indexOf(text.charAt(pos)) < 0) pos++;
        if (!isName(text.slice(start, pos), true)) return null;
        var after = skipSpace(space, text, pos);
        if (after < n && text.charAt(after) === "=") {
          pos = valueEnd(space, text, skipSpace(space, text, after + 1));
          if (pos === null) return null;
        }
      }
    }
    return null;
  }

  function valueEnd(space, text, pos) {
    if (pos < text.length && "\"'".indexOf(text.charAt(pos)) >= 0) {
      var close = text.indexOf(text.charAt(pos), pos + 1);
      return close === -1 ? null : close + 1;
    }
    while (pos < text.length && space.indexOf(text.charAt(pos)) < 0 && text.charAt(pos) !== ">") pos++;
    return pos;
  }

  function skipSpace(space, text, pos) {
    while (pos < text.length && space.indexOf(text.charAt(pos)) >= 0) pos++;
    return pos;
  }

  function inside(spans, at) { return spans.some(function (s) { return s[0] <= at && at < s[1]; }); }

  // rawhtml._skipped: each `<` that is not HTML (in code, escaped, in a link's tail) mapped to where its span ends.
  function skipped(rules, P, text) {
    var spans = [];
    M.all(P.fenceG, text).forEach(function (fence) {
      var lineEnd = text.indexOf("\n", fence.index + fence[0].length);
      if (lineEnd === -1 || inside(spans, fence.index)) return;
      var mark = fence[1];
      P.fenceCloseG.lastIndex = lineEnd + 1;
      for (var m; (m = P.fenceCloseG.exec(text)) !== null;) {
        if (m[1].charAt(0) === mark.charAt(0) && m[1].length >= mark.length) { spans.push([fence.index, m.index + m[0].length]); break; }
      }
    });
    var escapes = M.all(P.escapeG, text).map(function (m) { return [m.index, m.index + m[0].length]; });
    var escaped = {};
    escapes.forEach(function (e) { escaped[e[1] - 1] = true; });
    spans = spans.concat(codeSpans(P, text, spans, escaped), escapes, CP.links.linkTails(rules, text));
    var skip = new Map();
    spans.forEach(function (s) {
      for (var at = s[0]; at < s[1]; at++) if (text.charAt(at) === "<") skip.set(at, Math.max(skip.get(at) || 0, s[1]));
    });
    return skip;
  }

  function codeSpans(P, text, fences, escaped) {
    var runs = M.all(P.backticksG, text).filter(function (m) { return !inside(fences, m.index); })
      .map(function (m) { return [m.index + (escaped[m.index] ? 1 : 0), m.index + m[0].length]; })
      .filter(function (r) { return r[0] < r[1]; });
    var spans = [];
    for (var i = 0; i < runs.length;) {
      var length = runs[i][1] - runs[i][0], closing = -1;
      for (var j = i + 1; j < runs.length; j++) if (runs[j][1] - runs[j][0] === length) { closing = j; break; }
      P.blankLineG.lastIndex = runs[i][1];
      var blank = closing === -1 ? null : P.blankLineG.exec(text);
      if (closing !== -1 && !(blank && blank.index + blank[0].length <= runs[closing][0])) {
        spans.push([runs[i][0], runs[closing][1]]);
        i = closing + 1;
      } else i++;
    }
    return spans;
  }

  CP.html = { rawHtml: rawHtml };
})(window);
