; Vcr extraction query for C (tree-sitter-c 0.24.1). Capture contract: docs/queries.md.
; C declarators nest (`*`, `[]`, `()`), and queries cannot recurse: the usual shapes are listed, up to
; two levels of pointers. `@def.type` is the declaration's type specifier (`char` in `const char *s`).

; ---------------------------------------------------------------- includes and macros
(preproc_include path: [(string_literal) (system_lib_string)] @import.module)

; An object-like macro's type is its replacement text: it tells it from a function-like one.
(preproc_def name: (identifier) @name value: (preproc_arg)? @def.type) @def.macro
(preproc_function_def name: (identifier) @name parameters: (preproc_params) @def.params) @def.macro
(preproc_params (identifier) @name @def.parameter)

; ---------------------------------------------------------------- types
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @def.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @def.union
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @def.enum
(enumerator name: (identifier) @name) @def.enum_member

; A typedef that defines a named struct/union/enum (`typedef struct list {...} list_t;`) is captured on
; its declarator only, so the struct is not nested in the alias (qn `list`, not `list_t.list`); its type is
; the tag's name (`list`). Other
; typedefs, including those of anonymous bodies, span the whole declaration (fields get the alias as
; container).
(type_definition
  type: [
    (struct_specifier name: (_) @def.type body: (_))
    (union_specifier name: (_) @def.type body: (_))
    (enum_specifier name: (_) @def.type body: (_))]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)] @def.type_alias)

(type_definition
  type: [
    (primitive_type) (sized_type_specifier) (type_identifier)
    (struct_specifier !body) (union_specifier !body) (enum_specifier !body)] @def.type
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (array_declarator declarator: (type_identifier) @name)
    (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (type_identifier) @name)))
    ; a pointer to a function returning a pointer: `typedef char *(*fn_t)(int);`
    (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (type_identifier) @name))))]) @def.type_alias

(type_definition
  type: [(struct_specifier !name) (union_specifier !name) (enum_specifier !name)]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)]) @def.type_alias

(field_declaration
  type: (_) @def.type
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (array_declarator declarator: (field_identifier) @name)
    (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (field_identifier) @name)))
    (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (field_identifier) @name))))]) @def.field

; ---------------------------------------------------------------- functions (definitions and prototypes)
(function_definition
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))
    (pointer_declarator declarator: (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)))]
  body: (compound_statement) @def.body) @def.function

(declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)
    (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params))
    (pointer_declarator declarator: (pointer_declarator declarator:
      (function_declarator declarator: (identifier) @name parameters: (parameter_list) @def.params)))]) @def.function

; ---------------------------------------------------------------- file-level variables
; Listed per parent (file, conditional blocks) so that declarations in function bodies stay locals.
(translation_unit (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)])]) @def.variable)

(preproc_ifdef (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_if (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_else (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)])]) @def.variable)
(preproc_elif (declaration
  (storage_class_specifier)* @def.modifier
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)])]) @def.variable)

; ---------------------------------------------------------------- parameters and locals
(parameter_declaration
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (identifier) @name)))
    (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator
      (pointer_declarator declarator: (identifier) @name))))]) @def.parameter

(compound_statement (declaration
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)])]) @def.local)
(for_statement initializer: (declaration
  type: (_) @def.type
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (init_declarator declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)])]) @def.local)

[
  (function_definition)
  (compound_statement)
  (for_statement)
] @scope

; ---------------------------------------------------------------- calls (function-like macros included)
(call_expression
  function: (identifier) @ref.call
  arguments: (argument_list) @ref.args)

(call_expression
  function: (field_expression argument: (_) @ref.receiver field: (field_identifier) @ref.call)
  arguments: (argument_list) @ref.args)

; ---------------------------------------------------------------- writes
(assignment_expression left: (identifier) @ref.write)
(assignment_expression left: (field_expression argument: (_) @ref.receiver field: (field_identifier) @ref.write))
(update_expression argument: (identifier) @ref.write)
(update_expression argument: (field_expression argument: (_) @ref.receiver field: (field_identifier) @ref.write))

; ---------------------------------------------------------------- other uses
(field_expression argument: (_) @ref.receiver field: (field_identifier) @ref.read)

; A tag (`struct S`, `union U`, `enum E`) has its keyword as receiver: tags are a namespace of their own.
(struct_specifier "struct" @ref.receiver name: (type_identifier) @ref.type)
(union_specifier "union" @ref.receiver name: (type_identifier) @ref.type)
(enum_specifier "enum" @ref.receiver name: (type_identifier) @ref.type)

(type_identifier) @ref.type
(field_identifier) @ref.read
(identifier) @ref.read
