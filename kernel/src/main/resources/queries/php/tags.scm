; Vcr extraction query for PHP (tree-sitter-php 0.24.2, php dialect). Capture contract: docs/queries.md.
;
; Variables are named without the `$` (`$items` defines and reads `items`), so property accesses
; (`$this->items`) and variables meet under one name. Assignments inside functions define locals of
; the function (PHP has no block scope).

; ---------------------------------------------------------------- namespace and use
(namespace_definition name: (namespace_name) @package)
; Each namespace declaration also as an import without a name (a use always has one): a file may declare
; several (`namespace A; ... namespace B;`, or braced blocks), and a name, or a `use`, belongs to the
; namespace declared last before it (PhpResolver).
(namespace_definition name: (namespace_name) @import.module)
; the global namespace's block, `namespace { ... }`: its keyword, as a namespace import named "namespace"
(namespace_definition !name "namespace" @import.module)

; use A\B\C; use A\B\C as D; use function A\f; use const A\X;
(namespace_use_declaration
  (namespace_use_clause . [
    (qualified_name prefix: (namespace_name) @import.module (name) @import.name)
    (qualified_name . (name) @import.name .)
    (name) @import.name]
    alias: (name)? @import.alias))
; use A\{B, C as D};
(namespace_use_declaration
  (namespace_name) @import.module
  body: (namespace_use_group (namespace_use_clause . [(name) (qualified_name)] @import.name alias: (name)? @import.alias)))
; the imported name (not the alias)
(namespace_use_clause . [
  (name) @ref.import
  (qualified_name (name) @ref.import .)])

; ---------------------------------------------------------------- types
(class_declaration name: (name) @name) @def.class
(interface_declaration name: (name) @name) @def.interface
(trait_declaration name: (name) @name) @def.trait
(enum_declaration name: (name) @name) @def.enum
(enum_case name: (name) @name) @def.enum_member

(base_clause [(name) @ref.inherit (qualified_name (name) @ref.inherit .) @ref.receiver])
(class_interface_clause [(name) @ref.inherit (qualified_name (name) @ref.inherit .) @ref.receiver])
; trait use inside a class body
(use_declaration [(name) @ref.inherit (qualified_name (name) @ref.inherit .)])

; ---------------------------------------------------------------- members and functions
(method_declaration
  name: (name) @name
  parameters: (formal_parameters) @def.params
  return_type: (_)? @def.type
  (#not-eq? @name "__construct")) @def.method
(method_declaration
  name: (name) @name
  parameters: (formal_parameters) @def.params
  (#eq? @name "__construct")) @def.constructor
(function_definition
  name: (name) @name
  parameters: (formal_parameters) @def.params
  return_type: (_)? @def.type) @def.function

(property_declaration
  type: (_)? @def.type
  (property_element name: (variable_name (name) @name)) @def.field)
(const_declaration (const_element (name) @name) @def.constant)

; ---------------------------------------------------------------- parameters and locals
[
  (simple_parameter type: (_)? @def.type name: (variable_name (name) @name))
  (variadic_parameter type: (_)? @def.type name: (variable_name (name) @name))
  (property_promotion_parameter type: (_)? @def.type name: (variable_name (name) @name))
] @def.parameter

(assignment_expression left: (variable_name (name) @name)) @def.local
(foreach_statement . (_) . [
  (variable_name (name) @name @def.local)
  (by_ref (variable_name (name) @name @def.local))
  (pair (variable_name (name) @name @def.local))
  (pair (by_ref (variable_name (name) @name @def.local)))])
(catch_clause name: (variable_name (name) @name)) @def.local

[
  (method_declaration)
  (function_definition)
  (anonymous_function)
  (arrow_function)
] @scope

; ---------------------------------------------------------------- calls and instantiation
; A qualified name's receiver is the whole name as written (`\App\Model\Item`), leading `\` included.
(function_call_expression
  function: [(name) @ref.call (qualified_name (name) @ref.call .) @ref.receiver]
  arguments: (arguments) @ref.args)
(member_call_expression
  object: (_) @ref.receiver
  name: (name) @ref.call
  arguments: (arguments) @ref.args)
(nullsafe_member_call_expression
  object: (_) @ref.receiver
  name: (name) @ref.call
  arguments: (arguments) @ref.args)
(scoped_call_expression
  scope: (_) @ref.receiver
  name: (name) @ref.call
  arguments: (arguments) @ref.args)
; parent::__construct(...) chains to the parent constructor
(scoped_call_expression
  scope: (relative_scope) @ref.receiver
  name: (name) @ref.super_call
  arguments: (arguments) @ref.args
  (#eq? @ref.receiver "parent")
  (#eq? @ref.super_call "__construct"))

(object_creation_expression
  [(name) @ref.new (qualified_name (name) @ref.new .) @ref.receiver]
  (arguments)? @ref.args)

; ---------------------------------------------------------------- other uses
(attribute [(name) @ref.annotation (qualified_name (name) @ref.annotation .) @ref.receiver])

(named_type [(name) @ref.type (qualified_name (name) @ref.type .) @ref.receiver])
(catch_clause type: (type_list (named_type [(name) @ref.type (qualified_name (name) @ref.type .) @ref.receiver])))
; a qualified name elsewhere (`\A\B::C`, `A\B` as a constant): the name as written is its receiver
((qualified_name (name) @ref.read .) @ref.receiver)

(assignment_expression left: (variable_name (name) @ref.write))
(augmented_assignment_expression left: (variable_name (name) @ref.write))
(update_expression argument: (variable_name (name) @ref.write))
(assignment_expression left: [
  (member_access_expression object: (_) @ref.receiver name: (name) @ref.write)
  (subscript_expression (member_access_expression object: (_) @ref.receiver name: (name) @ref.write))
  (scoped_property_access_expression scope: (_) @ref.receiver name: (variable_name (name) @ref.write))])
(augmented_assignment_expression left: [
  (member_access_expression object: (_) @ref.receiver name: (name) @ref.write)
  (scoped_property_access_expression scope: (_) @ref.receiver name: (variable_name (name) @ref.write))])
(update_expression argument: [
  (member_access_expression object: (_) @ref.receiver name: (name) @ref.write)
  (scoped_property_access_expression scope: (_) @ref.receiver name: (variable_name (name) @ref.write))])

(member_access_expression object: (_) @ref.receiver name: (name) @ref.read)
(nullsafe_member_access_expression object: (_) @ref.receiver name: (name) @ref.read)
(scoped_property_access_expression scope: (_) @ref.receiver name: (variable_name (name) @ref.read))
(class_constant_access_expression . (_) @ref.receiver . (name) @ref.read .)
(name) @ref.read
