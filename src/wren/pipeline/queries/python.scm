; Wren's patterns after tree-sitter-python's highlights.scm (the last pattern on a node wins).

; The receiver of a method.
((identifier) @variable.builtin
 (#any-of? @variable.builtin "self" "cls"))

; A docstring: a string alone as the first statement of a module, class or function.
(module . (expression_statement (string) @string.documentation))
(class_definition body: (block . (expression_statement (string) @string.documentation)))
(function_definition body: (block . (expression_statement (string) @string.documentation)))

; A decorator is a name of its own, with its `@`.
(decorator) @function.decorator
(decorator (identifier) @function.decorator)
(decorator (attribute (identifier) @function.decorator))

; A call of a method is a call, not an attribute (the package's attribute pattern comes later).
(call function: (attribute attribute: (identifier) @function.method))

; A class's name where it is defined.
(class_definition name: (identifier) @type)
