-- After citeproc: the spans BibTeX braces leave in citations and references ({England},
-- {{Whole title}}) carry no meaning once the case is settled, and would otherwise reach
-- the HTML as empty <span> elements. Unwrapped, a work reads and renders the same whether
-- references.bib or a record's own CSL references describes it (casebook works move).

local function plain(span)
  if span.identifier ~= "" or #span.attributes > 0 then
    return false
  end
  for _, class in ipairs(span.classes) do
    if class ~= "nocase" then
      return false
    end
  end
  return true
end

function Span(span)
  if plain(span) then
    return span.content
  end
end
