; Wren's patterns after tree-sitter-rust's highlights.scm (the last pattern on a node wins).

; Numbers apart from booleans, which the grammar's query calls constants alike.
(integer_literal) @number
(float_literal) @number.float
(boolean_literal) @constant.builtin

; A character literal is not a string.
(char_literal) @string.char

; A lifetime is one token, tick and name, not an operator and a label.
(lifetime "'" @label)
(lifetime (identifier) @label)
(label "'" @label)
(label (identifier) @label)

; `macro_rules! name` defines a macro; `name!` calls one, however it is named.
(macro_definition name: (identifier) @function.macro)
(macro_invocation macro: (scoped_identifier name: (identifier) @function.macro))

; Built-in names every Rust reader knows.
((identifier) @constant.builtin
 (#any-of? @constant.builtin "None" "Some" "Ok" "Err"))
((type_identifier) @type.builtin
 (#any-of? @type.builtin "Self"))
