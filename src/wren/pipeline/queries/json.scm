; Wren's patterns after tree-sitter-json's highlights.scm (the last pattern on a node wins).

; A key is a name, not one more string (the package's string pattern comes later).
(pair key: (string) @string.special.key)
