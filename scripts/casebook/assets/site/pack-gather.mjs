/* Casebook: gather a briefing pack's pack.json in the browser, as pack/pack_data.py does for
   `casebook pack`. Gathering only: which records, in which order, with the reader's title
   and the day's date. Everything the pack says (the selection in words, the default title,
   counts, charts, digest or listing, references) is worked out by pack.typ from this data.
   An ES module: the pack worker imports it, and so does the Node test that compares the two
   routes (tests/test_pack_routes.py). */

/* Which records a pack needs in full (their records/<id>.json files): none for a listing. */
export function needsRecordFiles(index, count, mode) {
  return mode === "full" || mode === "digest" || (mode === "auto" && count < index.listing_from);
}

/* The ids of a selection in pack order: by rank (the index's order), or as the reader put them
   in a hand-picked list. */
export function packOrder(index, ids, byHand) {
  var known = ids.filter(function (id) { return index.records[id]; });
  if (byHand) return known;
  return known.slice().sort(function (a, b) { return index.records[a].rank - index.records[b].rank; });
}

/* pack.json. records: the records/<id>.json objects, or null for a listing (the index's
   summaries serve). selection: {values: [[facet, [values]]], ids: [...]}. */
export function gatherPack(index, ids, records, selection, title, isoDate, viewUrl, mode) {
  var chosen = ids.map(function (id, i) {
    var data = records ? records[i] : index.records[id];
    var out = { id: id };
    Object.keys(data).forEach(function (key) { if (key !== "rank") out[key] = data[key]; });
    return out;
  });
  var cited = {};
  chosen.forEach(function (r) { r.cites.forEach(function (k) { cited[k] = true; }); });
  var references = {}, referencesHtml = {};
  Object.keys(index.references).forEach(function (k) {
    if (cited[k]) { references[k] = index.references[k]; referencesHtml[k] = index.references_html[k]; }
  });
  var data = {};
  Object.keys(index).forEach(function (key) {
    if (key !== "records" && key !== "template" && key !== "fonts") data[key] = index[key];
  });
  data.references = references;
  data.references_html = referencesHtml;
  data.title = title || null;
  data.iso_date = isoDate;
  data.view_url = viewUrl || null;
  data.mode = mode;
  data.selection = { values: selection.values, ids: selection.ids };
  data.records = chosen;
  return data;
}
