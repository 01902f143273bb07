; Vcr extraction query for Python (tree-sitter-python 0.25.0). Capture contract: docs/queries.md.
;
; Python has no declarations, so kinds come from context: a def directly in a class body is a method
; (`__init__` a constructor), any other def a function; an assignment directly in a class body is a
; field, directly in the module a variable (UPPER_CASE: constant), anywhere else a local of the
; enclosing function, lambda or comprehension.

; ---------------------------------------------------------------- imports
; import a.b / import a.b as c: the module itself is imported.
(import_statement name: (dotted_name) @import.module)
(import_statement
  name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.alias))
(import_statement [
  (dotted_name (identifier) @ref.import .)
  (aliased_import name: (dotted_name (identifier) @ref.import .))])

; from a import b / from a import b as c / from . import b / from .a import *
(import_from_statement
  module_name: (_) @import.module
  name: (dotted_name) @import.name)
(import_from_statement
  module_name: (_) @import.module
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias))
(import_from_statement
  module_name: (_) @import.module
  (wildcard_import) @import.wildcard)
(import_from_statement name: [
  (dotted_name (identifier) @ref.import .)
  (aliased_import name: (dotted_name (identifier) @ref.import .))])

; ---------------------------------------------------------------- classes
(class_definition name: (identifier) @name) @def.class
(decorated_definition definition: (class_definition name: (identifier) @name)) @def.class

; ---------------------------------------------------------------- methods and constructors
(class_definition body: (block
  (function_definition
    name: (identifier) @name
    parameters: (parameters) @def.params
    return_type: (type)? @def.type) @def.method
  (#not-eq? @name "__init__")))
(class_definition body: (block
  (decorated_definition
    definition: (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type)) @def.method
  (#not-eq? @name "__init__")
  (#not-match? @def.method "^(@[^\n]*\n\\s*)*@(property|cached_property|functools\\.cached_property|\\w+\\.(setter|getter|deleter))\\s")))
; @property (and its setter/deleter, @cached_property) turn a method into a property
(class_definition body: (block
  (decorated_definition
    definition: (function_definition
      name: (identifier) @name
      return_type: (type)? @def.type)) @def.property
  (#match? @def.property "^(@[^\n]*\n\\s*)*@(property|cached_property|functools\\.cached_property|\\w+\\.(setter|getter|deleter))\\s")))
(class_definition body: (block
  [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.constructor
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.constructor
  ]
  (#eq? @name "__init__")))

; ---------------------------------------------------------------- functions (any def not in a class body)
(module [
  (function_definition
    name: (identifier) @name
    parameters: (parameters) @def.params
    return_type: (type)? @def.type) @def.function
  (decorated_definition
    definition: (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type)) @def.function
])
; the same, nested in a function body or a compound statement (not a class body)
(function_definition body: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(if_statement consequence: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(elif_clause consequence: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(else_clause body: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(for_statement body: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(while_statement body: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(try_statement body: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(except_clause (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(finally_clause (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(with_statement body: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))
(case_clause consequence: (block [
    (function_definition
      name: (identifier) @name
      parameters: (parameters) @def.params
      return_type: (type)? @def.type) @def.function
    (decorated_definition
      definition: (function_definition
        name: (identifier) @name
        parameters: (parameters) @def.params
        return_type: (type)? @def.type)) @def.function
  ]))

; ---------------------------------------------------------------- fields, variables, constants
(class_definition body: (block
  (expression_statement
    (assignment left: (identifier) @name type: (type)? @def.type) @def.field)
  (#not-match? @name "^_*[A-Z][A-Z0-9_]*$")))
(class_definition body: (block
  (expression_statement
    (assignment left: (identifier) @name type: (type)? @def.type) @def.constant)
  (#match? @name "^_*[A-Z][A-Z0-9_]*$")))

(module (expression_statement
  (assignment left: (identifier) @name type: (type)? @def.type) @def.variable))
(module (expression_statement
  (assignment left: (identifier) @name type: (type)? @def.type) @def.constant)
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))
(module (expression_statement
  (assignment left: [(pattern_list (identifier) @name) (tuple_pattern (identifier) @name)]) @def.variable))

; self.x = v: an instance attribute of the class whose method assigns it. The extractor keeps it only
; directly in a method whose first parameter is the object, and only the first assignment of a name per
; class (later ones stay writes); its container is the class.
(assignment
  left: (attribute object: (identifier) @def.instance attribute: (identifier) @name) @def.field
  type: (type)? @def.type)
(assignment
  left: [(pattern_list (attribute object: (identifier) @def.instance attribute: (identifier) @name) @def.field)
         (tuple_pattern (attribute object: (identifier) @def.instance attribute: (identifier) @name) @def.field)])

; ---------------------------------------------------------------- parameters
(parameters (identifier) @name @def.parameter)
(lambda_parameters (identifier) @name @def.parameter)
(parameters [
  (list_splat_pattern (identifier) @name)
  (dictionary_splat_pattern (identifier) @name)] @def.parameter)
(lambda_parameters [
  (list_splat_pattern (identifier) @name)
  (dictionary_splat_pattern (identifier) @name)] @def.parameter)
(typed_parameter
  [
    (identifier) @name
    (list_splat_pattern (identifier) @name)
    (dictionary_splat_pattern (identifier) @name)
  ]
  type: (type) @def.type) @def.parameter
(default_parameter name: (identifier) @name) @def.parameter
(typed_default_parameter name: (identifier) @name type: (type) @def.type) @def.parameter

; ---------------------------------------------------------------- locals (where no rule above applies)
(assignment left: (identifier) @name type: (type)? @def.type) @def.local
(pattern_list (identifier) @name @def.local)
(tuple_pattern (identifier) @name @def.local)
(list_pattern (identifier) @name @def.local)
(for_statement left: (identifier) @name @def.local)
(for_in_clause left: (identifier) @name @def.local)
(as_pattern_target (identifier) @name @def.local)
(named_expression name: (identifier) @name) @def.local

[
  (function_definition)
  (lambda)
  (list_comprehension)
  (set_comprehension)
  (dictionary_comprehension)
  (generator_expression)
] @scope

; ---------------------------------------------------------------- calls
; super().__init__(...) chains to the parent constructor.
(call
  function: (attribute
    object: (call function: (identifier) @_super) @ref.receiver
    attribute: (identifier) @ref.super_call)
  arguments: (argument_list) @ref.args
  (#eq? @_super "super")
  (#eq? @ref.super_call "__init__"))

; Calling a CapWords name instantiates a class (PEP 8 naming); anything else is a call.
(call
  function: (identifier) @ref.new
  arguments: (argument_list) @ref.args
  (#match? @ref.new "^_*[A-Z][A-Za-z0-9_]*[a-z]"))
(call
  function: (attribute object: (_) @ref.receiver attribute: (identifier) @ref.new)
  arguments: (argument_list) @ref.args
  (#match? @ref.new "^_*[A-Z][A-Za-z0-9_]*[a-z]"))

(call
  function: (identifier) @ref.call
  arguments: (argument_list) @ref.args)
(call
  function: (attribute object: (_) @ref.receiver attribute: (identifier) @ref.call)
  arguments: (argument_list) @ref.args)
; f(x for x in xs): a generator argument, arity not counted.
(call
  function: [
    (identifier) @ref.call
    (attribute object: (_) @ref.receiver attribute: (identifier) @ref.call)]
  arguments: (generator_expression))

; ---------------------------------------------------------------- other uses
(class_definition superclasses: (argument_list [
  (identifier) @ref.inherit
  (attribute object: (_) @ref.receiver attribute: (identifier) @ref.inherit)
  (subscript value: [
    (identifier) @ref.inherit
    (attribute object: (_) @ref.receiver attribute: (identifier) @ref.inherit)])]))

(decorator [
  (identifier) @ref.annotation
  (attribute object: (_) @ref.receiver attribute: (identifier) @ref.annotation)])

(except_clause value: [
  (identifier) @ref.type
  (attribute object: (_) @ref.receiver attribute: (identifier) @ref.type)
  (as_pattern . [
    (identifier) @ref.type
    (attribute object: (_) @ref.receiver attribute: (identifier) @ref.type)])])

(assignment left: (identifier) @ref.write)
(augmented_assignment left: (identifier) @ref.write)
(assignment left: (attribute object: (_) @ref.receiver attribute: (identifier) @ref.write))
(augmented_assignment left: (attribute object: (_) @ref.receiver attribute: (identifier) @ref.write))

(type (identifier) @ref.type)
(generic_type (identifier) @ref.type)
(type (attribute object: (_) @ref.receiver attribute: (identifier) @ref.type))

(attribute object: (_) @ref.receiver attribute: (identifier) @ref.read)
(identifier) @ref.read
