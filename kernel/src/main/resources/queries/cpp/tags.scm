; Vcr extraction query for C++ (tree-sitter-cpp 0.23.4). Capture contract: docs/queries.md.
; Declarators nest (`*`, `&`, `[]`, `()`), and queries cannot recurse: the usual shapes are listed, up to
; two levels of pointers. `@def.type` is the declaration's type specifier (`char` in `const char *s`).
; Out-of-class member definitions (`double Circle::area() {}`) are methods/constructors whose container
; is the enclosing namespace, not the class: containers come from enclosing definitions only. A function
; definition's body is `@def.body`: it tells a definition from a prototype (CppResolver).

; ---------------------------------------------------------------- includes, using, macros
(preproc_include path: [(string_literal) (system_lib_string)] @import.module)

(using_declaration "namespace" [(identifier) (namespace_identifier) (qualified_identifier)] @import.module)
  @import.wildcard
(using_declaration
  (qualified_identifier scope: (_) @import.module name: [(identifier) (type_identifier)] @import.name))
(namespace_alias_definition
  name: (namespace_identifier) @import.alias
  [(namespace_identifier) (nested_namespace_specifier) (qualified_identifier)] @import.module)

(using_declaration (qualified_identifier name: [(identifier) (type_identifier)] @ref.import))

(preproc_def name: (identifier) @name) @def.macro
(preproc_function_def name: (identifier) @name parameters: (preproc_params) @def.params) @def.macro
(preproc_params (identifier) @name @def.parameter)

; ---------------------------------------------------------------- namespaces and types
(namespace_definition name: [(namespace_identifier) (nested_namespace_specifier)] @name) @def.namespace

(class_specifier name: (type_identifier) @name body: (field_declaration_list)) @def.class
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @def.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @def.union
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @def.enum
(enumerator name: (identifier) @name) @def.enum_member

(alias_declaration name: (type_identifier) @name type: (_) @def.type) @def.type_alias

; A typedef of a named struct/union/enum body is captured on its declarator only, so the struct is not
; nested in the alias; other typedefs span the whole declaration.
(type_definition
  type: [
    (struct_specifier name: (_) body: (_))
    (class_specifier name: (_) body: (_))
    (union_specifier name: (_) body: (_))
    (enum_specifier name: (_) body: (_))]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)] @def.type_alias)
(type_definition
  type: [
    (primitive_type) (sized_type_specifier) (type_identifier) (qualified_identifier) (template_type)
    (struct_specifier !body) (class_specifier !body) (union_specifier !body) (enum_specifier !body)] @def.type
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (array_declarator declarator: (type_identifier) @name)
    (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (type_identifier) @name)))]) @def.type_alias
(type_definition
  type: [(struct_specifier !name) (class_specifier !name) (union_specifier !name) (enum_specifier !name)]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)]) @def.type_alias

; ---------------------------------------------------------------- members
(field_declaration
  type: (_) @def.type
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (reference_declarator (field_identifier) @name)
    (array_declarator declarator: (field_identifier) @name)
    (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (field_identifier) @name)))]) @def.field

; Methods declared or defined in the class body.
(field_declaration type: (_) @def.type declarator: [
    (function_declarator declarator: (field_identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (field_identifier) @name parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (field_identifier) @name parameters: (parameter_list) @def.params))]) @def.method
(function_definition type: (_) @def.type declarator: [
    (function_declarator declarator: (field_identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (field_identifier) @name parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (field_identifier) @name parameters: (parameter_list) @def.params))] body: (_) @def.body) @def.method

; Constructors and destructors in the class body (they have no type).
(field_declaration_list (declaration !type declarator: [
    (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))]) @def.constructor)
(function_definition !type declarator: [
    (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))] body: (_) @def.body) @def.constructor
(_ declarator: (function_declarator
  declarator: (destructor_name) @name
  parameters: (parameter_list) @def.params)) @def.method

; Out-of-class definitions: `double Circle::area() const {}`, `Circle::Circle(double r) {}`.
(function_definition type: (_) @def.type declarator: [
    (function_declarator declarator: (qualified_identifier name: (identifier) @name) parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (qualified_identifier name: (identifier) @name) parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (qualified_identifier name: (identifier) @name) parameters: (parameter_list) @def.params))] body: (_) @def.body) @def.method
(function_definition !type declarator: [
    (function_declarator declarator: (qualified_identifier name: (identifier) @name) parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (qualified_identifier name: (identifier) @name) parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (qualified_identifier name: (identifier) @name) parameters: (parameter_list) @def.params))] body: (_) @def.body) @def.constructor
(function_definition declarator: (function_declarator
  declarator: (qualified_identifier name: (destructor_name) @name)
  parameters: (parameter_list) @def.params) body: (_) @def.body) @def.method

; ---------------------------------------------------------------- free functions (definitions and prototypes)
(function_definition type: (_) @def.type declarator: [
    (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))] body: (_) @def.body) @def.function
((declaration type: (_) @def.type declarator: [
    (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))
    (reference_declarator
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))]) @def.function)

; ---------------------------------------------------------------- namespace-level variables
; Listed per parent (file, namespace, conditional blocks) so declarations in bodies stay locals. `extern`
; and `static` are `@def.modifier` (prefixed to the type): a declaration is told from a definition.
(translation_unit (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(declaration_list (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_ifdef (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_if (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_else (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_elif (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.variable)

; ---------------------------------------------------------------- parameters and locals
(parameter_declaration
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (identifier) @name)))]) @def.parameter
(optional_parameter_declaration
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (reference_declarator (identifier) @name)]) @def.parameter
(type_parameter_declaration (type_identifier) @name) @def.parameter

(compound_statement (declaration
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.local)
(for_statement initializer: (declaration
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)])]) @def.local)
(for_range_loop
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (reference_declarator (identifier) @name)]) @def.local

[
  (function_definition)
  (compound_statement)
  (for_statement)
  (for_range_loop)
  (lambda_expression)
  (template_declaration)
  (catch_clause)
] @scope

; ---------------------------------------------------------------- calls
(call_expression
  function: [
    (identifier) @ref.call
    (template_function name: (identifier) @ref.call)]
  arguments: (argument_list) @ref.args)

(call_expression
  function: (field_expression
    argument: (_) @ref.receiver
    field: [
      (field_identifier) @ref.call
      (template_method name: (field_identifier) @ref.call)])
  arguments: (argument_list) @ref.args)

; `a::f()`, `a::b::f()`, `a::b::c::f<T>()`: the receiver is the nearest qualifier.
(call_expression
  function: [
    (qualified_identifier scope: (_) @ref.receiver name: [
      (identifier) @ref.call
      (template_function name: (identifier) @ref.call)])
    (qualified_identifier name: (qualified_identifier scope: (_) @ref.receiver name: [
      (identifier) @ref.call
      (template_function name: (identifier) @ref.call)]))
    (qualified_identifier name: (qualified_identifier name: (qualified_identifier scope: (_) @ref.receiver name: [
      (identifier) @ref.call
      (template_function name: (identifier) @ref.call)])))]
  arguments: (argument_list) @ref.args)

(new_expression
  type: [
    (type_identifier) @ref.new
    (template_type name: (type_identifier) @ref.new)
    (qualified_identifier scope: (_) @ref.receiver name: [
      (type_identifier) @ref.new
      (template_type name: (type_identifier) @ref.new)])
    (qualified_identifier name: (qualified_identifier scope: (_) @ref.receiver name: [
      (type_identifier) @ref.new
      (template_type name: (type_identifier) @ref.new)]))]
  arguments: [(argument_list) (initializer_list)]? @ref.args)

; ---------------------------------------------------------------- base classes
(base_class_clause [
  (type_identifier) @ref.inherit
  (template_type name: (type_identifier) @ref.inherit)
  (qualified_identifier scope: (_) @ref.receiver name: [
    (type_identifier) @ref.inherit
    (template_type name: (type_identifier) @ref.inherit)])])

; ---------------------------------------------------------------- writes
(assignment_expression left: (identifier) @ref.write)
(assignment_expression left: (field_expression argument: (_) @ref.receiver field: (field_identifier) @ref.write))
(update_expression argument: (identifier) @ref.write)
(update_expression argument: (field_expression argument: (_) @ref.receiver field: (field_identifier) @ref.write))

; ---------------------------------------------------------------- other uses
(field_expression argument: (_) @ref.receiver field: (field_identifier) @ref.read)
(qualified_identifier scope: (_) @ref.receiver name: (identifier) @ref.read)
(qualified_identifier scope: (_) @ref.receiver name: (type_identifier) @ref.type)
(qualified_identifier scope: (_) @ref.receiver name: (template_type name: (type_identifier) @ref.type))

(type_identifier) @ref.type
(namespace_identifier) @ref.read
(field_identifier) @ref.read
(identifier) @ref.read
