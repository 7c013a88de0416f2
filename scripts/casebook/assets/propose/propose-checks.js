/* Casebook Propose page: the record checked as `casebook validate` checks it (CasebookPropose.checks).
 *
 * First the JSON Schema, with Ajv's standalone code compiled at build time from the same
 * schema file (record-schema.js), its errors worded and coded as validate/schema.py words
 * and codes them; then the rules of validate/ that need nothing but the page's data:
 * themes (unknown-theme), citation keys in sources and in the text (unknown-key), the id
 * against the published ids (duplicate-id), hidden characters, dates in the future,
 * images and unsafe links, and the file's size. Each problem names the data path of the
 * field it belongs to, so the form shows it there.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util;
  var TYPE_NAMES = { array: "a list", object: "a mapping of fields", string: "text", integer: "a whole number",
                     number: "a number" };
  var BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
  // markdown.py's citation key: starts with a letter, digit or _, inner punctuation allowed.
  var KEY = /(?<![\p{L}\p{N}_.\\])-?@([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?)/gu;
  var LINK = /(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(/g;
  var AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>/g;
  var SAFE_SCHEMES = { http: 1, https: 1, mailto: 1 };

  function parts(path) { return path ? path.split("/") : []; }

  // message is casebook validate's wording (dotted path and all); plain is what the form shows beside the field.
  function problem(path, code, message, hint, plain) {
    return { path: path, code: code, message: message, hint: hint || null, plain: plain || message };
  }

  function fromAjv(error) {
    var base = error.instancePath.replace(/^\//, "").split("/").filter(Boolean).map(function (p) {
      return p.replace(/~1/g, "/").replace(/~0/g, "~");
    });
    var path = base.join("/"), where = U.dotted(base), value = error.data, parent = error.parentSchema || {};
    switch (error.keyword) {
      case "required":
        var missing = error.params.missingProperty;
        var about = ((parent.properties || {})[missing] || {}).description;
        return problem(base.concat([missing]).join("/"), "missing-field",
                       where + " is missing the required field " + U.pyRepr(missing), about, "This is required.");
      case "additionalProperties":
        var extra = error.params.additionalProperty;
        return problem(path, "unknown-field", U.dotted(base.concat([extra])) + " is not a field here",
                       U.didYouMean(extra, Object.keys(parent.properties || {})));
      case "enum":
        var options = error.schema.map(String);
        return problem(path, "not-allowed", where + ": " + U.brief(value) + " is not an allowed value",
                       U.didYouMean(String(value), options) || "choose one of: " + options.join(", "),
                       U.brief(value) + " is not one of the choices.");
      case "format":
        if (error.params.format === "date") {
          return problem(path, "bad-date", where + ": " + U.brief(value) + " is not a real date",
                         "write dates as YYYY-MM-DD, e.g. 2026-11-23", U.brief(value) + " is not a real date.");
        }
        return problem(path, "format", where + ": " + U.brief(value) + " is not a valid " + error.params.format);
      case "type":
        var want = [].concat(error.schema).map(function (t) { return TYPE_NAMES[t] || t; }).join(" or ");
        return problem(path, "wrong-type", where + " should be " + want, null, "This should be " + want + ".");
      case "pattern":
        return problem(path, "bad-format", where + ": " + U.brief(value) + " is not in the expected form",
                       parent.description || "must match " + error.schema, U.brief(value) + " is not in the form needed.");
      case "minItems": case "minLength":
        return problem(path, "too-short", where + " is empty or too short", parent.description,
                       "This is empty or too short" + (error.keyword === "minLength" ? " (at least " + error.schema + " characters)." : "."));
      case "maxItems": case "maxLength":
        var most = "at most " + error.schema + " " + (error.keyword === "maxItems" ? "items" : "characters");
        return problem(path, "out-of-range", where + " is too long (" + most + ")", null, "This is too long: " + most + ".");
      case "maximum": case "minimum":
        return problem(path, "out-of-range", where + ": " + U.brief(value) + " is " +
                       (error.keyword === "maximum" ? "more" : "less") + " than the " + error.keyword + " of " + error.schema);
      case "uniqueItems":
        return problem(path, "duplicate-item", where + " lists the same item twice");
      default:
        return problem(path, "schema", where + ": " + String(error.message).slice(0, 200));
    }
  }

  function schemaProblems(record) {
    var validate = root.CasebookProposeSchema.default || root.CasebookProposeSchema;
    if (validate(record)) return [];
    return validate.errors.map(fromAjv);
  }

  // Every value at a spec path such as editorial_notes/* ("*" is any index), with its real path.
  function valuesAt(value, pattern) {
    var found = [{ path: [], value: value }];
    parts(pattern).forEach(function (part) {
      var next = [];
      found.forEach(function (f) {
        if (part === "*" && Array.isArray(f.value)) {
          f.value.forEach(function (item, i) { next.push({ path: f.path.concat([String(i)]), value: item }); });
        } else if (part !== "*" && f.value && typeof f.value === "object" && part in f.value) {
          next.push({ path: f.path.concat([part]), value: f.value[part] });
        }
      });
      found = next;
    });
    return found.map(function (f) { return { path: f.path.join("/"), value: f.value }; });
  }

  // markdown.citation_keys: keys inside an open [...] group; a bare @name is text.
  function citationKeys(text) {
    var found = [];
    if (text.indexOf("@") < 0) return found;
    KEY.lastIndex = 0;
    var m;
    while ((m = KEY.exec(text)) !== null) {
      var pos = m.index;
      if (text.lastIndexOf("[", pos - 1) <= text.lastIndexOf("]", pos - 1)) continue;
      var close = text.indexOf("]", pos), reopen = text.indexOf("[", pos);
      if (close === -1 || (reopen > -1 && reopen < close)) continue;
      found.push(m[1]);
    }
    return found;
  }

  // markdown.link_scheme, for what a browser or pandoc would read as the scheme.
  function linkScheme(target) {
    var cleaned = target.replace(/&#(x?)([0-9a-f]+);?/gi, function (_, hex, n) {
      return String.fromCodePoint(parseInt(n, hex ? 16 : 10));
    }).replace(/&colon;/gi, ":").replace(/\\([!-/:-@\[-`{-~])/g, "$1").replace(/[\x00-\x20\x7f]/g, "");
    var m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(cleaned);
    return m ? m[1].toLowerCase() : null;
  }

  function links(text) {
    var found = [], m;
    LINK.lastIndex = 0;
    while ((m = LINK.exec(text)) !== null) {
      var rest = text.slice(LINK.lastIndex).replace(/^\s+/, "");
      var target = rest.charAt(0) === "<" ? rest.slice(1, rest.indexOf(">")) : rest.split(/[\s)]/)[0];
      found.push({ target: target, image: m[1] === "!" });
    }
    AUTOLINK.lastIndex = 0;
    while ((m = AUTOLINK.exec(text)) !== null) found.push({ target: m[1], image: false });
    return found;
  }

  function ruleProblems(record, data, ctx) {
    var out = [];
    var themeIds = [];
    data.themeGroups.forEach(function (g) { g.themes.forEach(function (t) { themeIds.push(t.id); }); });
    (Array.isArray(record.themes) ? record.themes : []).forEach(function (theme, i) {
      if (typeof theme === "string" && themeIds.indexOf(theme) < 0) {
        out.push(problem("themes/" + i, "unknown-theme", U.brief(theme) + " is not a theme",
                         U.didYouMean(theme, themeIds) || "themes are listed in themes.yaml"));
      }
    });
    var keys = ctx.keys.slice().sort();
    ctx.sourcePaths.forEach(function (pattern) {
      valuesAt(record, pattern + "/key").forEach(function (f) {
        if (typeof f.value === "string" && keys.indexOf(f.value) < 0) {
          out.push(problem(f.path, "unknown-key", U.brief(f.value) + " is not a key in references.bib",
                           U.didYouMean(f.value, keys) || "search for the source, or add it as a new source in section 2"));
        }
      });
    });
    ctx.markdownPaths.forEach(function (pattern) {
      valuesAt(record, pattern).forEach(function (f) {
        if (typeof f.value !== "string") return;
        citationKeys(f.value).forEach(function (key) {
          if (keys.indexOf(key) < 0) {
            out.push(problem(f.path, "unknown-key", "inline citation @" + key + " is not a key in references.bib",
                             U.didYouMean(key, keys)));
          }
        });
        links(f.value).forEach(function (link) {
          var scheme = linkScheme(link.target);
          if (link.image) out.push(problem(f.path, "image", "images are not allowed in record text", "link to the image instead, or describe it"));
          else if (scheme && !SAFE_SCHEMES[scheme]) {
            out.push(problem(f.path, "unsafe-link", "link scheme " + U.brief(scheme) + " is not allowed",
                             "use an https:// link or a path inside this repository"));
          }
        });
      });
    });
    if (typeof record.id === "string") {
      var folded = record.id.toLowerCase();
      var taken = data.publishedIds.filter(function (id) { return id.toLowerCase() === folded; });
      if (taken.length) {
        out.push(problem("id", "duplicate-id", "id " + U.pyRepr(folded) + " is also used by " +
                         taken.map(function (id) { return data.paths.records + id + ".yaml"; }).join(", ") +
                         "; ids ignore case", "choose another id: this one is a published record's"));
      }
    }
    ctx.strings.forEach(function (f) {
      var found = BIDI.exec(f.value);
      if (found) {
        var code = found[0].charCodeAt(0).toString(16).toUpperCase();
        out.push(problem(f.path, "hidden-character", "the character U+" + ("000" + code).slice(-4) +
                         " is a bidirectional control that can disguise text; delete it"));
      }
    });
    ["last_reviewed", "added"].forEach(function (name) {
      if (typeof record[name] === "string" && /^\d{4}-\d{2}-\d{2}$/.test(record[name]) && record[name] > U.today()) {
        out.push(problem(name, "future-date", name + " " + record[name] + " is in the future"));
      }
    });
    return out;
  }

  /* Truth to sources (validate/statements.py): each paragraph and list item of the summary and the
     narrative cites a source, and each work cited there says where in it. */
  var LIST_ITEM = /^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+/gm;
  var HEADING = /^[ ]{0,3}#{1,6}(?:[ \t]|$)/, LINK_DEF = /^[ ]{0,3}\[(?!\^)[^\[\]]+\]:/;
  var RULE = /^[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/, UNDERLINE = /^[ ]{0,3}(?:=+|-+)[ \t]*$/;
  var GROUP = /\[[^\[\]]*@[^\[\]]*\]/g;

  function saysSomething(piece) {
    var lines = piece.split(/\r?\n/), keep = lines.map(function () { return true; });
    lines.forEach(function (line, i) {
      if (i && UNDERLINE.test(line) && keep[i - 1] && lines[i - 1].trim()) { keep[i] = keep[i - 1] = false; }
      else if (HEADING.test(line) || LINK_DEF.test(line) || RULE.test(line)) { keep[i] = false; }
    });
    return lines.some(function (line, i) { return keep[i] && line.trim(); });
  }

  function statements(text) {
    var out = [];
    text.split(/\n[ \t]*\n/).forEach(function (block) {
      var cuts = [0];
      block.replace(LIST_ITEM, function (m, at) { if (cuts.indexOf(at) < 0) cuts.push(at); return m; });
      cuts.sort(function (a, b) { return a - b; });
      cuts.forEach(function (cut, i) {
        var piece = block.slice(cut, i + 1 < cuts.length ? cuts[i + 1] : block.length);
        if (saysSomething(piece)) out.push(piece.trim());
      });
    });
    return out;
  }

  var UNCITED_HINT = "every statement needs a source: add a citation such as [@key, p. 7], or move Casebook's own " +
    "observations to editorial_notes";

  function snippet(text) {
    var words = text.split(/\s+/).filter(Boolean);
    return words.slice(0, 6).join(" ") + (words.length > 6 ? "..." : "");
  }

  function dottedPath(path) {
    return parts(path).map(function (p, i) { return /^\d+$/.test(p) ? "[" + p + "]" : (i ? "." : "") + p; }).join("");
  }

  function sourcedProblems(record, ctx) {
    var out = [];
    var locator = new RegExp("^(?:" + (ctx.locatorPattern || ".+").replace(/^\^|\$$/g, "") + ")$");
    ctx.markdownPaths.filter(function (p) { return p === "summary" || p.indexOf("narrative/") === 0; })
      .forEach(function (pattern) {
        valuesAt(record, pattern).forEach(function (f) {
          if (typeof f.value !== "string") return;
          var where = dottedPath(f.path), parts = statements(f.value), counts = { paragraph: 0, "list item": 0 };
          parts.forEach(function (piece) {
            LIST_ITEM.lastIndex = 0;
            var kind = LIST_ITEM.test(piece) && piece.search(LIST_ITEM) === 0 ? "list item" : "paragraph";
            LIST_ITEM.lastIndex = 0;
            counts[kind] += 1;
            var which = parts.length > 1 ? kind + " " + counts[kind] : "the text";
            if (citationKeys(piece).length) {
              // A citation covers the words before it, never a sentence after it (validate/statements.py).
              var end = 0, g;
              GROUP.lastIndex = 0;
              while ((g = GROUP.exec(piece)) !== null) end = g.index + g[0].length;
              var tail = piece.slice(end).replace(/^[\s.,;:!?)*_'"\u2019\u201d]+/, "");
              if (!/[\p{L}\p{N}_]/u.test(tail)) return;
              out.push(problem(f.path, "uncited-statement", where + ": in " + which +
                ", the words after its last citation (" + U.pyRepr(snippet(tail)) + ") cite no source", UNCITED_HINT,
                "The words after the last citation in this " + kind + " have no source: cite them too."));
              return;
            }
            out.push(problem(f.path, "uncited-statement", where + ": " + which + " (" + U.pyRepr(snippet(piece)) +
              ") cites no source", UNCITED_HINT, "This " + kind + " has no source: use “Cite a source” to add one."));
          });
          (f.value.match(GROUP) || []).forEach(function (group) {
            var items = group.slice(1, -1).split(";").map(function (item) {
              var m = /^(.*?)-?@([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?)(.*)$/u.exec(item.trim());
              return m ? { prefix: m[1].trim(), key: m[2], suffix: m[3].trim().replace(/^,/, "").trim() } : null;
            }).filter(Boolean);
            items.forEach(function (item, i) {
              if (locator.test(item.suffix)) return;
              var later = items[i + 1];
              if (later && locator.test(later.suffix)) return;  // the original of a secondary citation
              out.push(problem(f.path, "missing-locator", where + ": the citation of @" + item.key + " has no locator" +
                (item.suffix ? ": " + U.pyRepr(item.suffix) + " is not one" : ""),
                "add where in the work, as in [@" + item.key + ", p. 7], [@" + item.key + ", para. 6] or [@" +
                item.key + ", sec. 4.1]", "Say where in the source: add a page or paragraph, e.g. p. 7."));
            });
          });
        });
      });
    return out;
  }

  // Every string in the record, with its path (for the hidden-character rule).
  function strings(value, path, out) {
    if (typeof value === "string") out.push({ path: path.join("/"), value: value });
    else if (Array.isArray(value)) value.forEach(function (v, i) { strings(v, path.concat([String(i)]), out); });
    else if (value && typeof value === "object") Object.keys(value).forEach(function (k) { strings(value[k], path.concat([k]), out); });
    return out;
  }

  // All problems, schema first, then the other rules, as validate/__init__.py runs them.
  function check(record, data, ctx, yamlText) {
    ctx.strings = strings(record, [], []);
    var found = schemaProblems(record).concat(ruleProblems(record, data, ctx), sourcedProblems(record, ctx));
    var bytes = new TextEncoder().encode(yamlText || "").length;
    if (bytes > data.limits.fileBytes) {
      found.push(problem("", "file-too-large", "file is " + bytes.toLocaleString("en-GB") + " bytes; the limit is " +
                         data.limits.fileBytes.toLocaleString("en-GB")));
    }
    return found;
  }

  CP.checks = { check: check, citationKeys: citationKeys, valuesAt: valuesAt, linkScheme: linkScheme };
})(window);
