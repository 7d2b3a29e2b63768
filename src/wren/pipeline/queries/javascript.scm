; Wren's patterns after tree-sitter-javascript's highlights.scm (the last pattern on a node wins).

; The slashes of a regular expression are part of it, not division.
(regex "/" @string.special)
