; Vcr extraction query for Rust (tree-sitter-rust 0.24.0). Capture contract: docs/queries.md.
; Rust files declare no package; `mod` items are modules and give qualified names.

; ---------------------------------------------------------------- use declarations
(use_declaration argument: (identifier) @import.module)
(use_declaration argument: (scoped_identifier path: (_) @import.module name: (identifier) @import.name))
(use_declaration argument: (use_as_clause path: (identifier) @import.module alias: (identifier) @import.alias))
(use_declaration argument: (use_as_clause
  path: (scoped_identifier path: (_) @import.module name: (identifier) @import.name)
  alias: (identifier) @import.alias))
(use_declaration argument: (use_wildcard (_) @import.module) @import.wildcard)

; `use a::b::{c, d as e, self, f::g, h::*}`: one import per item, its module the whole path written before
; it (`a::b::f` for `f::g`: the extractor joins the module captures of one match with `::`), for lists
; nested up to two deep (`use crate::{a::{b, c}, d}`); deeper items are not imports.
(use_declaration argument: (scoped_use_list path: (_) @import.module list: (use_list [
  (identifier) @import.name
  (use_as_clause path: (identifier) @import.name alias: (identifier) @import.alias)
  (scoped_identifier path: (_) @import.module name: (identifier) @import.name)
  (use_as_clause
    path: (scoped_identifier path: (_) @import.module name: (identifier) @import.name)
    alias: (identifier) @import.alias)
  (use_wildcard (_)? @import.module) @import.wildcard])))
(use_declaration argument: (scoped_use_list
  path: (scoped_identifier path: (_) @import.module name: (identifier) @import.name)
  list: (use_list (self))))
(use_declaration argument: (scoped_use_list path: (_) @import.module list: (use_list (scoped_use_list
  path: (_) @import.module
  list: (use_list [
    (identifier) @import.name
    (use_as_clause path: (identifier) @import.name alias: (identifier) @import.alias)
    (scoped_identifier path: (_) @import.module name: (identifier) @import.name)
    (use_wildcard (_)? @import.module) @import.wildcard])))))
(use_declaration argument: (scoped_use_list path: (_) @import.module list: (use_list (scoped_use_list
  path: [
    (identifier) @import.name
    (scoped_identifier path: (_) @import.module name: (identifier) @import.name)]
  list: (use_list (self))))))
(use_declaration argument: (use_list [
  (scoped_identifier path: (_) @import.module name: (identifier) @import.name)
  (use_wildcard (_) @import.module) @import.wildcard]))

(extern_crate_declaration name: (identifier) @import.module !alias)
(extern_crate_declaration name: (identifier) @import.module alias: (identifier) @import.alias)

(use_declaration argument: (scoped_identifier name: (identifier) @ref.import))
(use_as_clause path: [
  (identifier) @ref.import
  (scoped_identifier name: (identifier) @ref.import)])
(use_list [
  (identifier) @ref.import
  (scoped_identifier name: (identifier) @ref.import)])

; ---------------------------------------------------------------- modules, types, items
(mod_item name: (identifier) @name) @def.module

(struct_item name: (type_identifier) @name) @def.struct
(enum_item name: (type_identifier) @name) @def.enum
(union_item name: (type_identifier) @name) @def.union
(trait_item name: (type_identifier) @name) @def.trait
(type_item name: (type_identifier) @name type: (_) @def.type) @def.type_alias
(associated_type name: (type_identifier) @name) @def.type_alias

(enum_variant name: (identifier) @name) @def.enum_member
(field_declaration name: (field_identifier) @name type: (_) @def.type) @def.field

(const_item name: (identifier) @name type: (_) @def.type) @def.constant
(static_item name: (identifier) @name type: (_) @def.type) @def.constant

(macro_definition name: (identifier) @name) @def.macro

; ---------------------------------------------------------------- functions and methods
; Free functions: at file level, in modules, in extern blocks and nested in function bodies. Kept apart
; from the method patterns because one node captured as both would be reported as a function.
(source_file (function_item
  name: (identifier) @name
  parameters: (parameters) @def.params
  return_type: (_)? @def.type) @def.function)
(mod_item body: (declaration_list (function_item
  name: (identifier) @name
  parameters: (parameters) @def.params
  return_type: (_)? @def.type) @def.function))
(block (function_item
  name: (identifier) @name
  parameters: (parameters) @def.params
  return_type: (_)? @def.type) @def.function)
(foreign_mod_item body: (declaration_list (function_signature_item
  name: (identifier) @name
  parameters: (parameters) @def.params
  return_type: (_)? @def.type) @def.function))

; Methods and associated functions. An `impl` block is not a definition, so they have no container
; (the extractor derives containers from enclosing definitions only).
(impl_item body: (declaration_list (function_item
  name: (identifier) @name
  parameters: (parameters) @def.params
  return_type: (_)? @def.type) @def.method))
(trait_item body: (declaration_list [
  (function_item name: (identifier) @name parameters: (parameters) @def.params return_type: (_)? @def.type)
  (function_signature_item name: (identifier) @name parameters: (parameters) @def.params return_type: (_)? @def.type)
  ] @def.method))

; ---------------------------------------------------------------- parameters and locals
(parameter pattern: (identifier) @name type: (_) @def.type) @def.parameter
(parameter pattern: (tuple_pattern (identifier) @name) type: (_) @def.type) @def.parameter
(closure_parameters (identifier) @name @def.parameter)
(type_parameter name: (type_identifier) @name) @def.parameter
; A method's `self` is a parameter typed by its impl block's type (`impl<T> Trait for Cart<T>`: Cart<T>),
; so the resolver knows the type of `self.x` and which type a method belongs to.
(impl_item type: (_) @def.type body: (declaration_list (function_item
  parameters: (parameters (self_parameter (self) @name) @def.parameter))))

(let_declaration pattern: (identifier) @name type: (_)? @def.type) @def.local
(let_declaration pattern: (tuple_pattern (identifier) @name)) @def.local
(let_declaration pattern: (tuple_struct_pattern type: (_) (identifier) @name)) @def.local
(let_condition pattern: (identifier) @name) @def.local
(let_condition pattern: (tuple_struct_pattern type: (_) (identifier) @name)) @def.local
(for_expression pattern: (identifier) @name) @def.local
(for_expression pattern: (tuple_pattern (identifier) @name)) @def.local
(match_pattern (tuple_struct_pattern type: (_) (identifier) @name)) @def.local
; A bare lower-case name in a match arm binds; `None` and other upper-case names are paths.
((match_pattern . (identifier) @name) @def.local (#match? @name "^[a-z_]"))

[
  (block)
  (function_item)
  (closure_expression)
  (for_expression)
  (while_expression)
  (if_expression)
  (match_arm)
] @scope

; ---------------------------------------------------------------- calls, macros, struct literals
(call_expression
  function: [
    (identifier) @ref.call
    (generic_function function: (identifier) @ref.call)]
  arguments: (arguments) @ref.args)

(call_expression
  function: [
    (field_expression value: (_) @ref.receiver field: (field_identifier) @ref.call)
    (generic_function function:
      (field_expression value: (_) @ref.receiver field: (field_identifier) @ref.call))]
  arguments: (arguments) @ref.args)

(call_expression
  function: [
    (scoped_identifier path: (_) @ref.receiver name: (identifier) @ref.call)
    (generic_function function:
      (scoped_identifier path: (_) @ref.receiver name: (identifier) @ref.call))]
  arguments: (arguments) @ref.args)

(macro_invocation macro: (identifier) @ref.macro)
(macro_invocation macro: (scoped_identifier path: (_) @ref.receiver name: (identifier) @ref.macro))

; A field key of a struct literal (`Slot { value: v }`) has the literal's type as its receiver.
(struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @ref.receiver
  body: (field_initializer_list (field_initializer field: (field_identifier) @ref.read)))

(struct_expression name: [
  (type_identifier) @ref.new
  (scoped_type_identifier path: (_) @ref.receiver name: (type_identifier) @ref.new)
  (generic_type_with_turbofish type: (type_identifier) @ref.new)])

; ---------------------------------------------------------------- trait implementations and bounds
(impl_item trait: [
  (type_identifier) @ref.inherit
  (scoped_type_identifier path: (_) @ref.receiver name: (type_identifier) @ref.inherit)
  (generic_type type: [
    (type_identifier) @ref.inherit
    (scoped_type_identifier path: (_) @ref.receiver name: (type_identifier) @ref.inherit)])])

(trait_item bounds: (trait_bounds [
  (type_identifier) @ref.inherit
  (scoped_type_identifier path: (_) @ref.receiver name: (type_identifier) @ref.inherit)
  (generic_type type: (type_identifier) @ref.inherit)]))

(attribute_item (attribute [
  (identifier) @ref.annotation
  (scoped_identifier path: (_) @ref.receiver name: (identifier) @ref.annotation)]))

; ---------------------------------------------------------------- writes
(assignment_expression left: (identifier) @ref.write)
(compound_assignment_expr left: (identifier) @ref.write)
(assignment_expression left: (field_expression value: (_) @ref.receiver field: (field_identifier) @ref.write))
(compound_assignment_expr left: (field_expression value: (_) @ref.receiver field: (field_identifier) @ref.write))

; ---------------------------------------------------------------- other uses
(field_expression value: (_) @ref.receiver field: (field_identifier) @ref.read)
(scoped_identifier path: (_) @ref.receiver name: (identifier) @ref.read)
(scoped_type_identifier path: (_) @ref.receiver name: (type_identifier) @ref.type)

(type_identifier) @ref.type
(field_identifier) @ref.read
((identifier) @ref.read (#not-eq? @ref.read "_"))
