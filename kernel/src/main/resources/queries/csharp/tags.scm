; Vcr extraction query for C# (tree-sitter-c-sharp 0.23.1). Capture contract: docs/queries.md.
; The grammar has no separate type-identifier node: type names are `identifier`s in type positions
; (`type:`/`returns:` fields, type arguments, base lists), so those get `@ref.type` explicitly.

; ---------------------------------------------------------------- namespaces and using directives
(file_scoped_namespace_declaration name: (_) @package)
(namespace_declaration name: (_) @name) @def.namespace

; `using A.B;` and `using static A.B.C;` bring in every (static) member: wildcard imports of the name.
(using_directive !name "static"? @import.static [(identifier) (qualified_name)] @import.module)
  @import.wildcard
(using_directive
  name: (identifier) @import.alias
  [(qualified_name qualifier: (_) @import.module name: (_) @import.name)
   (identifier) @import.name
   (generic_name) @import.name])

(using_directive "static" (qualified_name name: (identifier) @ref.import))
(using_directive name: (identifier) (qualified_name name: (identifier) @ref.import))

; ---------------------------------------------------------------- types
(class_declaration name: (identifier) @name) @def.class
(struct_declaration name: (identifier) @name) @def.struct
(interface_declaration name: (identifier) @name) @def.interface
(record_declaration name: (identifier) @name) @def.record
(enum_declaration name: (identifier) @name) @def.enum
(delegate_declaration
  type: (_) @def.type
  name: (identifier) @name
  parameters: (parameter_list) @def.params) @def.type_alias

(enum_member_declaration name: (identifier) @name) @def.enum_member

; Positional record parameters are properties.
(record_declaration (parameter_list
  (parameter type: (_) @def.type name: (identifier) @name) @def.property))

; ---------------------------------------------------------------- members
(method_declaration
  returns: (_) @def.type
  name: (identifier) @name
  parameters: (parameter_list) @def.params) @def.method

(constructor_declaration
  name: (identifier) @name
  parameters: (parameter_list) @def.params) @def.constructor

(local_function_statement
  type: (_) @def.type
  name: (identifier) @name
  parameters: (parameter_list) @def.params) @def.function

(property_declaration type: (_) @def.type name: (identifier) @name) @def.property

; `const` fields are constants; the field pattern excludes them so one declaration is not both.
(field_declaration
  (modifier "const")
  (variable_declaration type: (_) @def.type (variable_declarator name: (identifier) @name))) @def.constant
((field_declaration
  (modifier)* @_modifier
  (variable_declaration type: (_) @def.type (variable_declarator name: (identifier) @name))) @def.field
  (#not-any-of? @_modifier "const"))
(event_field_declaration
  (variable_declaration type: (_) @def.type (variable_declarator name: (identifier) @name))) @def.field

; ---------------------------------------------------------------- parameters and locals
(parameter type: (_)? @def.type name: (identifier) @name) @def.parameter
(lambda_expression parameters: (implicit_parameter) @name @def.parameter)
(type_parameter name: (identifier) @name) @def.parameter

(local_declaration_statement
  (variable_declaration type: (_) @def.type (variable_declarator name: (identifier) @name))) @def.local
(for_statement
  initializer: (variable_declaration type: (_) @def.type (variable_declarator name: (identifier) @name))) @def.local
(using_statement
  (variable_declaration type: (_) @def.type (variable_declarator name: (identifier) @name))) @def.local
(foreach_statement type: (_) @def.type left: (identifier) @name) @def.local
(catch_declaration type: (_) @def.type name: (identifier) @name) @def.local
(declaration_expression type: (_) @def.type name: (identifier) @name) @def.local
(declaration_pattern type: (_) @def.type name: (identifier) @name) @def.local

[
  (block)
  (method_declaration)
  (constructor_declaration)
  (local_function_statement)
  (lambda_expression)
  (accessor_declaration)
  (for_statement)
  (foreach_statement)
  (using_statement)
  (catch_clause)
  (switch_section)
] @scope

; ---------------------------------------------------------------- calls and object creation
(invocation_expression
  function: [
    (identifier) @ref.call
    (generic_name (identifier) @ref.call)]
  arguments: (argument_list) @ref.args)

(invocation_expression
  function: (member_access_expression
    expression: _ @ref.receiver
    name: [
      (identifier) @ref.call
      (generic_name (identifier) @ref.call)])
  arguments: (argument_list) @ref.args)

(invocation_expression
  function: (conditional_access_expression
    condition: (_) @ref.receiver
    (member_binding_expression name: [
      (identifier) @ref.call
      (generic_name (identifier) @ref.call)]))
  arguments: (argument_list) @ref.args)

(object_creation_expression
  type: [
    (identifier) @ref.new
    (generic_name (identifier) @ref.new)
    (qualified_name qualifier: (_) @ref.receiver name: [
      (identifier) @ref.new
      (generic_name (identifier) @ref.new)])]
  arguments: (argument_list)? @ref.args)

(constructor_initializer ["base" "this"] @ref.super_call (argument_list) @ref.args)

; ---------------------------------------------------------------- base types and attributes
(base_list [
  (identifier) @ref.inherit
  (generic_name (identifier) @ref.inherit)
  (qualified_name qualifier: (_) @ref.receiver name: [
    (identifier) @ref.inherit
    (generic_name (identifier) @ref.inherit)])])

(attribute name: [
  (identifier) @ref.annotation
  (qualified_name qualifier: (_) @ref.receiver name: (identifier) @ref.annotation)])

; ---------------------------------------------------------------- writes
(assignment_expression left: (identifier) @ref.write)
(assignment_expression left: (member_access_expression expression: _ @ref.receiver name: (identifier) @ref.write))
(assignment_expression left: (member_access_expression !expression name: (identifier) @ref.write))
(postfix_unary_expression (identifier) @ref.write ["++" "--"])
(prefix_unary_expression ["++" "--"] (identifier) @ref.write)

; ---------------------------------------------------------------- type positions
(_ type: [
  (identifier) @ref.type
  (generic_name (identifier) @ref.type)
  (qualified_name qualifier: (_) @ref.receiver name: [
    (identifier) @ref.type
    (generic_name (identifier) @ref.type)])])
(_ returns: [
  (identifier) @ref.type
  (generic_name (identifier) @ref.type)
  (qualified_name qualifier: (_) @ref.receiver name: [
    (identifier) @ref.type
    (generic_name (identifier) @ref.type)])])
(type_argument_list [
  (identifier) @ref.type
  (generic_name (identifier) @ref.type)])
(type_parameter_constraints_clause . (identifier) @ref.type)

; ---------------------------------------------------------------- other uses
(member_access_expression expression: _ @ref.receiver name: (identifier) @ref.read)
(conditional_access_expression
  condition: (_) @ref.receiver
  (member_binding_expression name: (identifier) @ref.read))

(identifier) @ref.read
