; Vcr extraction query for Java (tree-sitter-java 0.23.5). Capture contract: docs/queries.md.

; ---------------------------------------------------------------- package and imports
(package_declaration [(identifier) (scoped_identifier)] @package)

(import_declaration
  "static"? @import.static
  [(identifier) (scoped_identifier)] @import.path
  (asterisk)? @import.wildcard)

(import_declaration (scoped_identifier name: (identifier) @ref.import))

; ---------------------------------------------------------------- type definitions
(class_declaration name: (identifier) @name) @def.class
(interface_declaration name: (identifier) @name) @def.interface
(enum_declaration name: (identifier) @name) @def.enum
(record_declaration name: (identifier) @name parameters: (formal_parameters) @def.params) @def.record
(annotation_type_declaration name: (identifier) @name) @def.annotation

; An anonymous class body, typed by the type it extends. Its name is the `new` keyword: the type's name
; stays a reference (to the constructor and the type).
(object_creation_expression
  "new" @name
  type: (_) @def.type
  (class_body) @def.anonymous_class)

; ---------------------------------------------------------------- members
(method_declaration
  type: (_) @def.type
  name: (identifier) @name
  parameters: (formal_parameters) @def.params) @def.method

(constructor_declaration
  name: (identifier) @name
  parameters: (formal_parameters) @def.params) @def.constructor

(compact_constructor_declaration name: (identifier) @name) @def.constructor

(field_declaration
  type: (_) @def.type
  declarator: (variable_declarator name: (identifier) @name)) @def.field

(constant_declaration
  type: (_) @def.type
  declarator: (variable_declarator name: (identifier) @name)) @def.field

(record_declaration
  parameters: (formal_parameters
    (formal_parameter type: (_) @def.type name: (identifier) @name) @def.field))

(enum_constant name: (identifier) @name) @def.enum_member

(annotation_type_element_declaration
  type: (_) @def.type
  name: (identifier) @name) @def.method

; ---------------------------------------------------------------- parameters and locals
(formal_parameter type: (_) @def.type name: (identifier) @name) @def.parameter
; The element type of a variadic parameter; not its annotations (@Nullable Object... args).
(spread_parameter
  [(integral_type) (floating_point_type) (boolean_type) (type_identifier) (scoped_type_identifier)
   (generic_type) (array_type)] @def.type
  (variable_declarator name: (identifier) @name)) @def.parameter
(catch_formal_parameter (catch_type) @def.type name: (identifier) @name) @def.parameter
(lambda_expression parameters: (identifier) @name @def.parameter)
(inferred_parameters (identifier) @name @def.parameter)

(local_variable_declaration
  type: (_) @def.type
  declarator: (variable_declarator name: (identifier) @name)) @def.local
(enhanced_for_statement type: (_) @def.type name: (identifier) @name) @def.local
(resource type: (_) @def.type name: (identifier) @name) @def.local
(instanceof_expression right: (_) @def.type name: (identifier) @name) @def.local
(type_pattern (_) @def.type (identifier) @name) @def.local

(type_parameter (type_identifier) @name (type_bound (_) @def.type)?) @def.type_parameter

[
  (block)
  (method_declaration)
  (constructor_declaration)
  (lambda_expression)
  (for_statement)
  (enhanced_for_statement)
  (catch_clause)
  (try_with_resources_statement)
  (switch_block_statement_group)
  (switch_rule)
] @scope

; ---------------------------------------------------------------- calls
(method_invocation
  object: (_) @ref.receiver
  name: (identifier) @ref.call
  arguments: (argument_list) @ref.args)

(method_invocation
  name: (identifier) @ref.call
  arguments: (argument_list) @ref.args)

(object_creation_expression
  type: [
    (type_identifier) @ref.new
    (scoped_type_identifier (type_identifier) @ref.new .)
    (generic_type [
      (type_identifier) @ref.new
      (scoped_type_identifier (type_identifier) @ref.new .)])
  ]
  arguments: (argument_list) @ref.args)

(explicit_constructor_invocation
  constructor: [(this) (super)] @ref.super_call
  arguments: (argument_list) @ref.args)

(method_reference (_) @ref.receiver (identifier) @ref.call)

; Type::new names a constructor of Type (and Type itself), as new Type(...) does.
(method_reference
  .
  [
    (identifier) @ref.new
    (field_access field: (identifier) @ref.new)
    (type_identifier) @ref.new
    (scoped_type_identifier (type_identifier) @ref.new .)
    (generic_type [
      (type_identifier) @ref.new
      (scoped_type_identifier (type_identifier) @ref.new .)])
  ]
  "new")

; Qualified names in package and import declarations (a.b.C): the qualifier is the receiver.
(scoped_identifier scope: (_) @ref.receiver name: (identifier) @ref.read)

; ---------------------------------------------------------------- other uses
(field_access object: (_) @ref.receiver field: (identifier) @ref.read)

(assignment_expression left: (identifier) @ref.write)
(assignment_expression
  left: (field_access object: (_) @ref.receiver field: (identifier) @ref.write))
(update_expression (identifier) @ref.write)

(superclass [
  (type_identifier) @ref.inherit
  (scoped_type_identifier (type_identifier) @ref.inherit .)
  (generic_type [
    (type_identifier) @ref.inherit
    (scoped_type_identifier (type_identifier) @ref.inherit .)])])

(super_interfaces (type_list [
  (type_identifier) @ref.inherit
  (scoped_type_identifier (type_identifier) @ref.inherit .)
  (generic_type [
    (type_identifier) @ref.inherit
    (scoped_type_identifier (type_identifier) @ref.inherit .)])]))

(extends_interfaces (type_list [
  (type_identifier) @ref.inherit
  (scoped_type_identifier (type_identifier) @ref.inherit .)
  (generic_type [
    (type_identifier) @ref.inherit
    (scoped_type_identifier (type_identifier) @ref.inherit .)])]))

(marker_annotation name: (identifier) @ref.annotation)
(annotation name: (identifier) @ref.annotation)

; @Ann(key = value): the key is a member of the annotation type, which is its receiver.
(annotation
  name: (_) @ref.receiver
  arguments: (annotation_argument_list (element_value_pair key: (identifier) @ref.read)))

(scoped_type_identifier (_) @ref.receiver . (type_identifier) @ref.type .)
(type_identifier) @ref.type
(identifier) @ref.read
