; Vcr extraction query for JavaScript and JSX (tree-sitter-javascript 0.25.0). Capture contract:
; docs/queries.md.
;
; Declarations directly in the program (also behind `export`) are variables, constants (UPPER_CASE
; `const`) or functions (a function or arrow function value); anywhere else they are locals of the
; innermost block. `require` bindings are imports, not variables.

; ---------------------------------------------------------------- ES imports and re-exports
; import "m"
(import_statement . source: (string) @import.module .)
; import X from "m": the module's default export, bound to X
(import_statement
  (import_clause (identifier) @import.alias)
  source: (string) @import.module)
; import * as ns from "m"
(import_statement
  (import_clause (namespace_import (identifier) @import.alias) @import.wildcard)
  source: (string) @import.module)
; import { a, b as c } from "m"
(import_statement
  (import_clause (named_imports (import_specifier
    name: (_) @import.name
    alias: (identifier)? @import.alias)))
  source: (string) @import.module)
(import_clause [
  (identifier) @ref.import
  (namespace_import (identifier) @ref.import)
  (named_imports (import_specifier name: (identifier) @ref.import))])

; export * from "m" / export * as ns from "m" / export { a as b } from "m"
(export_statement "*" @import.wildcard source: (string) @import.module)
(export_statement
  (namespace_export (identifier) @import.alias) @import.wildcard
  source: (string) @import.module)
(export_statement
  (export_clause (export_specifier name: (_) @import.name))
  source: (string) @import.module)
(export_statement
  (export_clause (export_specifier name: (identifier) @ref.import))
  source: (string))

; ---------------------------------------------------------------- CommonJS require
; const X = require("m")
(variable_declarator
  name: (identifier) @import.alias
  value: (call_expression
    function: (identifier) @_req
    arguments: (arguments . (string) @import.module .))
  (#eq? @_req "require"))
; const { a, b: c } = require("m")
(variable_declarator
  name: (object_pattern [
    (shorthand_property_identifier_pattern) @import.name
    (pair_pattern key: (property_identifier) @import.name value: (identifier) @import.alias)])
  value: (call_expression
    function: (identifier) @_req
    arguments: (arguments . (string) @import.module .))
  (#eq? @_req "require"))
(variable_declarator
  name: [
    (identifier) @ref.import
    (object_pattern [
      (shorthand_property_identifier_pattern) @ref.import
      (pair_pattern key: (property_identifier) @ref.import)])]
  value: (call_expression function: (identifier) @_req)
  (#eq? @_req "require"))
; require("m") for its side effects
(expression_statement (call_expression
  function: (identifier) @_req
  arguments: (arguments . (string) @import.module .))
  (#eq? @_req "require"))

; ---------------------------------------------------------------- classes
(class_declaration name: (identifier) @name) @def.class

(class_heritage [
  (identifier) @ref.inherit
  (member_expression object: (_) @ref.receiver property: (property_identifier) @ref.inherit)])

; ---------------------------------------------------------------- methods, accessors, fields
((method_definition
  name: [(property_identifier) (private_property_identifier)] @name
  parameters: (formal_parameters) @def.params) @def.method
  (#not-eq? @name "constructor")
  (#not-match? @def.method "^(@[^\n]*\\s+)*((static|async)\\s+)*(get|set)\\s+[^\\s(]"))

(method_definition
  name: (property_identifier) @name
  parameters: (formal_parameters) @def.params
  (#eq? @name "constructor")) @def.constructor

(method_definition
  ["get" "set"]
  name: [(property_identifier) (private_property_identifier)] @name) @def.property

(field_definition property: [(property_identifier) (private_property_identifier)] @name) @def.field
; a field holding a function is a method: `onClick = () => {...}`
(field_definition
  property: [(property_identifier) (private_property_identifier)] @name
  value: [
    (function_expression parameters: (formal_parameters) @def.params)
    (arrow_function parameters: (formal_parameters) @def.params)
    (arrow_function parameter: (identifier))]) @def.method

; object literal members holding functions: `{ m() {}, f: () => {} }`
(pair
  key: (property_identifier) @name
  value: [
    (function_expression parameters: (formal_parameters) @def.params)
    (arrow_function parameters: (formal_parameters) @def.params)
    (arrow_function parameter: (identifier))]) @def.method

; ---------------------------------------------------------------- functions
(function_declaration name: (identifier) @name parameters: (formal_parameters) @def.params) @def.function
(generator_function_declaration
  name: (identifier) @name parameters: (formal_parameters) @def.params) @def.function
(variable_declarator
  name: (identifier) @name
  value: [
    (function_expression parameters: (formal_parameters) @def.params)
    (generator_function parameters: (formal_parameters) @def.params)
    (arrow_function parameters: (formal_parameters) @def.params)
    (arrow_function parameter: (identifier))]) @def.function

; ---------------------------------------------------------------- variables, constants, locals
(program [
  (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @_value) @def.variable)
  (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @_value) @def.variable)
  (export_statement declaration: [
    (lexical_declaration (variable_declarator name: (identifier) @name value: (_)? @_value) @def.variable)
    (variable_declaration (variable_declarator name: (identifier) @name value: (_)? @_value) @def.variable)])]
  (#not-match? @_value "^require\\s*\\("))
(program [
  (lexical_declaration
    kind: "const"
    (variable_declarator name: (identifier) @name) @def.constant)
  (export_statement declaration: (lexical_declaration
    kind: "const"
    (variable_declarator name: (identifier) @name) @def.constant))]
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

(variable_declarator name: (identifier) @name value: (_)? @_value
  (#not-match? @_value "^require\\s*\\(")
  (#not-eq? @_value "this")) @def.local
; `const self = this`: the variable's type is the enclosing class's (the resolver reads the type `this` so)
(variable_declarator name: (identifier) @name value: (this) @def.type) @def.local
(variable_declarator name: (_
  [
    (identifier) @name
    (shorthand_property_identifier_pattern) @name
    (pair_pattern value: (identifier) @name)
    (rest_pattern (identifier) @name)
    (assignment_pattern left: [(identifier) (shorthand_property_identifier_pattern)] @name)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)
  ] @def.local)
  value: (_)? @_value
  (#not-match? @_value "^require\\s*\\("))
(for_in_statement kind: _ left: (identifier) @name @def.local)
(catch_clause parameter: (identifier) @name @def.local)

; ---------------------------------------------------------------- parameters
(formal_parameters [
  (identifier) @name
  (rest_pattern (identifier) @name)
  (assignment_pattern left: (identifier) @name)] @def.parameter)
(formal_parameters (_ [
    (identifier) @name
    (shorthand_property_identifier_pattern) @name
    (pair_pattern value: (identifier) @name)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)
  ] @def.parameter))
(formal_parameters (assignment_pattern
  left: (_ [
    (identifier) @name
    (shorthand_property_identifier_pattern) @name
    (pair_pattern value: (identifier) @name)] @def.parameter)))
(arrow_function parameter: (identifier) @name @def.parameter)

[
  (statement_block)
  (function_declaration)
  (generator_function_declaration)
  (function_expression)
  (generator_function)
  (arrow_function)
  (method_definition)
  (for_statement)
  (for_in_statement)
  (catch_clause)
] @scope

; ---------------------------------------------------------------- calls and instantiation
(call_expression
  function: (identifier) @ref.call
  arguments: (arguments) @ref.args)
(call_expression
  function: (member_expression
    object: (_) @ref.receiver
    property: [(property_identifier) (private_property_identifier)] @ref.call)
  arguments: (arguments) @ref.args)
(call_expression
  function: (super) @ref.super_call
  arguments: (arguments) @ref.args)

(new_expression
  constructor: [
    (identifier) @ref.new
    (member_expression object: (_) @ref.receiver property: (property_identifier) @ref.new)]
  arguments: (arguments)? @ref.args)

; ---------------------------------------------------------------- other uses
(decorator [
  (identifier) @ref.annotation
  (member_expression object: (_) @ref.receiver property: (property_identifier) @ref.annotation)])

(assignment_expression left: (identifier) @ref.write)
(assignment_expression
  left: (member_expression
    object: (_) @ref.receiver
    property: [(property_identifier) (private_property_identifier)] @ref.write))
(augmented_assignment_expression left: (identifier) @ref.write)
(augmented_assignment_expression
  left: (member_expression
    object: (_) @ref.receiver
    property: [(property_identifier) (private_property_identifier)] @ref.write))
(update_expression argument: (identifier) @ref.write)
(update_expression
  argument: (member_expression
    object: (_) @ref.receiver
    property: [(property_identifier) (private_property_identifier)] @ref.write))

; JSX: a capitalised element name renders a component, which counts as a call (no arity); the
; closing tag and lower-case intrinsic elements (`div`) are plain reads.
(jsx_opening_element
  name: [
    (identifier) @ref.call
    (member_expression object: (_) @ref.receiver property: (property_identifier) @ref.call)]
  (#match? @ref.call "^[A-Z]"))
(jsx_self_closing_element
  name: [
    (identifier) @ref.call
    (member_expression object: (_) @ref.receiver property: (property_identifier) @ref.call)]
  (#match? @ref.call "^[A-Z]"))

(member_expression
  object: (_) @ref.receiver
  property: [(property_identifier) (private_property_identifier)] @ref.read)
(shorthand_property_identifier) @ref.read
(identifier) @ref.read
