; Wren's patterns after tree-sitter-toml's highlights.scm (the last pattern on a node wins).

; A table's header reads as a heading, not as one more key.
(table ["[" "]"] @keyword)
(table [(bare_key) (quoted_key) (dotted_key)] @keyword)
(table (dotted_key [(bare_key) (quoted_key)] @keyword))
(table_array_element ["[[" "]]"] @keyword)
(table_array_element [(bare_key) (quoted_key) (dotted_key)] @keyword)
(table_array_element (dotted_key [(bare_key) (quoted_key)] @keyword))

; The keys of a pair are names.
(pair (bare_key) @property)
(pair (dotted_key (bare_key) @property))

; Dates are literals.
[
  (offset_date_time)
  (local_date_time)
  (local_date)
  (local_time)
] @string.special.date
