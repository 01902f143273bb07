; Vcr extraction query for Go (tree-sitter-go 0.25.0). Capture contract: docs/queries.md.

; ---------------------------------------------------------------- package and imports
(package_clause (package_identifier) @package)

(import_spec !name path: (_) @import.module)
(import_spec name: (package_identifier) @import.alias path: (_) @import.module)
(import_spec name: (blank_identifier) @import.alias path: (_) @import.module)
(import_spec name: (dot) @import.wildcard path: (_) @import.module)

; ---------------------------------------------------------------- type definitions
(type_spec name: (type_identifier) @name type: (struct_type)) @def.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @def.interface
; Defined types other than structs and interfaces (`type ID int`) and aliases (`type ID = string`).
(type_spec
  name: (type_identifier) @name
  type: [
    (type_identifier) (qualified_type) (generic_type) (pointer_type) (array_type) (slice_type)
    (map_type) (channel_type) (function_type) (parenthesized_type) (negated_type)] @def.type) @def.type_alias
(type_alias name: (type_identifier) @name type: (_) @def.type) @def.type_alias

(field_declaration name: (field_identifier) @name type: (_) @def.type) @def.field
; An embedded field (`struct{ T; *pkg.U; V[int] }`) is a field named by its type's name; the same identifier
; stays an inherit reference of the type (the extractor keeps inherit references on definition names).
(field_declaration !name type: [
  (type_identifier) @name
  (qualified_type name: (type_identifier) @name)
  (generic_type type: [(type_identifier) @name (qualified_type name: (type_identifier) @name)])
  (pointer_type [
    (type_identifier) @name
    (qualified_type name: (type_identifier) @name)
    (generic_type type: [(type_identifier) @name (qualified_type name: (type_identifier) @name)])])] @def.type) @def.field

(method_elem
  name: (field_identifier) @name
  parameters: (parameter_list) @def.params
  result: (_)? @def.type) @def.method

; ---------------------------------------------------------------- functions and methods
(function_declaration
  name: (identifier) @name
  parameters: (parameter_list) @def.params
  result: (_)? @def.type) @def.function

; Methods are top-level in Go, so the receiver type cannot be their container (see the report).
(method_declaration
  name: (field_identifier) @name
  parameters: (parameter_list) @def.params
  result: (_)? @def.type) @def.method

; ---------------------------------------------------------------- package-level constants and variables
(source_file (const_declaration
  (const_spec name: (identifier) @name type: (_)? @def.type) @def.constant))
; A variable without a type keeps its initializer as its "type" text (`var x = f()`, `var a, b = f()`), read
; like a `:=` local's (see below).
(source_file (var_declaration
  (var_spec name: (identifier) @name type: (_) @def.type) @def.variable))
(source_file (var_declaration (var_spec_list
  (var_spec name: (identifier) @name type: (_) @def.type) @def.variable)))
(source_file (var_declaration
  (var_spec name: (identifier) @name !type value: (_) @def.type) @def.variable))
(source_file (var_declaration (var_spec_list
  (var_spec name: (identifier) @name !type value: (_) @def.type) @def.variable)))

; ---------------------------------------------------------------- parameters and locals
; Receivers, parameters and named results; also the parameter names of function types and interface
; methods, which bind nothing but should not read as references either.
(parameter_declaration name: (identifier) @name type: (_) @def.type) @def.parameter
(variadic_parameter_declaration name: (identifier) @name type: (_) @def.type) @def.parameter
(type_parameter_declaration name: (identifier) @name type: (_) @def.type) @def.parameter

; `x := v`: the initializer is kept as the local's "type" text, an expression the Go resolver types
; (`T{}`, `&T{}`, `new(T)`, `f()`, `a.b.M()`); with several names, the whole right-hand side (`a, b := x, y`
; or `a, b := f()`), which the resolver splits by the name's position. The extractor caps the text (a
; `func` literal's body is cut).
(short_var_declaration
  left: (expression_list . (identifier) @name .)
  right: (expression_list . (_) @def.type .)
  (#not-eq? @name "_")) @def.local
(short_var_declaration
  left: (expression_list (identifier) @name . ",")
  right: (expression_list) @def.type
  (#not-eq? @name "_")) @def.local
(short_var_declaration
  left: (expression_list "," . (identifier) @name)
  right: (expression_list) @def.type
  (#not-eq? @name "_")) @def.local
; A range variable's "type" text is its whole clause (`k, v := range xs`), which the resolver reads as the
; key or element type of the ranged expression, by the name's position.
(range_clause
  left: (expression_list (identifier) @name)
  ":="
  (#not-eq? @name "_")) @def.local @def.type
; `switch v := x.(type)`: v's type text is x (its type in a clause listing several types); a clause listing
; one type binds v to that type, kept as a local named after the `case` keyword (no identifier can be
; spelled so) whose type is the clause's type, which the resolver finds around a use of v. v's declaration
; is the whole switch, which is also its scope: that is how the resolver tells it from other locals.
(type_switch_statement alias: (expression_list (identifier) @name) value: (_) @def.type) @def.local
(type_case "case" @name . type: (_) @def.type . (statement_list)) @def.local
(type_case "case" @name . type: (_) @def.type .) @def.local
(statement_list (var_declaration
  (var_spec name: (identifier) @name type: (_) @def.type) @def.local))
(statement_list (var_declaration (var_spec_list
  (var_spec name: (identifier) @name type: (_) @def.type) @def.local)))
(statement_list (var_declaration
  (var_spec name: (identifier) @name !type value: (_) @def.type) @def.local))
(statement_list (var_declaration (var_spec_list
  (var_spec name: (identifier) @name !type value: (_) @def.type) @def.local)))
(statement_list (const_declaration
  (const_spec name: (identifier) @name type: (_)? @def.type) @def.local))

[
  (block)
  (function_declaration)
  (method_declaration)
  (func_literal)
  (method_elem)
  (for_statement)
  (if_statement)
  (expression_switch_statement)
  (type_switch_statement)
  (select_statement)
  (expression_case)
  (type_case)
  (default_case)
  (communication_case)
] @scope

; ---------------------------------------------------------------- calls and composite literals
(call_expression
  function: (identifier) @ref.call
  arguments: (argument_list) @ref.args)

(call_expression
  function: (selector_expression operand: (_) @ref.receiver field: (field_identifier) @ref.call)
  arguments: (argument_list) @ref.args)

; A key of a struct literal names a field of the literal's type (`T{Key: v}`, `&pkg.T{Key: v}`); the key
; of an element literal whose type is elided (`[]T{{Key: v}}`, `map[K]T{k: {Key: v}}`) names a field of
; the element type. The receiver is the literal's type, a named type or a slice, array or map type; the
; resolver reads a key under a slice, array or map type as one of an elided element literal.
(composite_literal
  type: [(type_identifier) (qualified_type) (generic_type)] @ref.receiver
  body: (literal_value (keyed_element key: (literal_element (identifier) @ref.write))))
(composite_literal
  type: [(slice_type) (array_type) (implicit_length_array_type) (map_type)] @ref.receiver
  body: (literal_value [
    (literal_element (literal_value (keyed_element key: (literal_element (identifier) @ref.write))))
    (keyed_element value: (literal_element (literal_value
      (keyed_element key: (literal_element (identifier) @ref.write)))))]))

(composite_literal type: [
  (type_identifier) @ref.new
  (qualified_type package: (_) @ref.receiver name: (type_identifier) @ref.new)
  (generic_type type: [
    (type_identifier) @ref.new
    (qualified_type package: (_) @ref.receiver name: (type_identifier) @ref.new)])])

; ---------------------------------------------------------------- embedding (Go's inheritance)
(field_declaration !name type: [
  (type_identifier) @ref.inherit
  (qualified_type package: (_) @ref.receiver name: (type_identifier) @ref.inherit)
  (generic_type type: (type_identifier) @ref.inherit)])
(interface_type (type_elem . [
  (type_identifier) @ref.inherit
  (qualified_type package: (_) @ref.receiver name: (type_identifier) @ref.inherit)] .))

; ---------------------------------------------------------------- writes
(assignment_statement left: (expression_list (identifier) @ref.write))
(assignment_statement left: (expression_list
  (selector_expression operand: (_) @ref.receiver field: (field_identifier) @ref.write)))
(inc_statement (identifier) @ref.write)
(dec_statement (identifier) @ref.write)
(inc_statement (selector_expression operand: (_) @ref.receiver field: (field_identifier) @ref.write))
(dec_statement (selector_expression operand: (_) @ref.receiver field: (field_identifier) @ref.write))
(range_clause left: (expression_list (identifier) @ref.write) "=")

; ---------------------------------------------------------------- other uses
(selector_expression operand: (_) @ref.receiver field: (field_identifier) @ref.read)
(qualified_type package: (_) @ref.receiver name: (type_identifier) @ref.type)

(type_identifier) @ref.type
(identifier) @ref.read
(qualified_type package: (package_identifier) @ref.read)
(import_spec name: (package_identifier) @ref.read)
