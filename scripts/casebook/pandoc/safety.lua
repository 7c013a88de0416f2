-- Defence in depth for untrusted record text (the reader already refuses raw
-- formats): no raw output, no images, and only http(s), mailto and in-page or
-- relative links survive. Anything else becomes its plain text.

local SAFE = { http = true, https = true, mailto = true }

local function scheme(target)
  local cleaned = target:gsub("[%c%s]", "")
  return cleaned:match("^([%a][%w+.-]*):")
end

function RawInline(el)
  return pandoc.Str(el.text)
end

function RawBlock(el)
  return pandoc.Para({ pandoc.Str(el.text) })
end

function Image(el)
  return el.caption or {}
end

function Link(el)
  local s = scheme(el.target)
  if s and not SAFE[s:lower()] then
    return el.content
  end
  el.attributes = {}
  return el
end
