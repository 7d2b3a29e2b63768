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

; Operators in expressions, as Pygments shows them (the package's query marks only `*`, `&`
; and `'`); not a `/` of a doc comment's marker nor the brackets of generics.
(binary_expression operator: _ @operator)
(compound_assignment_expr operator: _ @operator)
(unary_expression ["!" "-"] @operator)
(range_expression [".." "..=" "..."] @operator)
(try_expression "?" @operator)
[(let_declaration) (assignment_expression) (const_item) (static_item)] "=" @operator

; Names in capitals are constants (the package's pattern for them has a stray quote).
((identifier) @constant
 (#match? @constant "^[A-Z][A-Z0-9_]+$"))
(match_arm "=>" @operator)

; Inside a macro: its metavariables and fragment types, the `=>` of its rules, the macros it
; calls and the keywords its token trees hold as plain words.
(metavariable) @function.macro
(fragment_specifier) @type.builtin
(macro_rule "=>" @operator)
(token_tree (identifier) @function.macro . "!" @function.macro)
((token_tree (identifier) @keyword)
 (#any-of? @keyword "else" "match" "return" "while" "loop" "fn" "let" "mut" "in" "for"
   "as" "break" "continue" "move" "ref" "impl" "struct" "enum" "pub" "use" "where" "const"))
