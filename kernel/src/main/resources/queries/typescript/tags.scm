; Vcr extraction query for TypeScript (tree-sitter-typescript 0.23.2, typescript dialect). Capture
; contract: docs/queries.md. The tsx query includes this one and adds JSX patterns.
;
; Declarations directly in the program or a namespace body (also behind `export`/`declare`) are
; variables, constants (UPPER_CASE `const`) or functions (a function or arrow function value);
; anywhere else they are locals of the innermost block. `require` bindings are imports.

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
; import { a, b as c } from "m" (also `import type { ... }`)
(import_statement
  (import_clause (named_imports (import_specifier
    name: (_) @import.name
    alias: (identifier)? @import.alias)))
  source: (string) @import.module)
; import x = require("m")
(import_statement
  (import_require_clause (identifier) @import.alias source: (string) @import.module))
(import_clause [
  (identifier) @ref.import
  (namespace_import (identifier) @ref.import)
  (named_imports (import_specifier name: (identifier) @ref.import))])
(import_require_clause (identifier) @ref.import)

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
(variable_declarator
  name: (identifier) @import.alias
  value: (call_expression
    function: (identifier) @_req
    arguments: (arguments . (string) @import.module .))
  (#eq? @_req "require"))
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
(expression_statement (call_expression
  function: (identifier) @_req
  arguments: (arguments . (string) @import.module .))
  (#eq? @_req "require"))

; ---------------------------------------------------------------- types and namespaces
(class_declaration name: (type_identifier) @name) @def.class
(abstract_class_declaration name: (type_identifier) @name) @def.class
; an exported class keeps its decorators on the export statement
(export_statement
  decorator: (decorator)
  declaration: [
    (class_declaration name: (type_identifier) @name)
    (abstract_class_declaration name: (type_identifier) @name)]) @def.class
(interface_declaration name: (type_identifier) @name) @def.interface
(enum_declaration name: (identifier) @name) @def.enum
(enum_body [
  (property_identifier) @name @def.enum_member
  (enum_assignment name: (property_identifier) @name) @def.enum_member])
(type_alias_declaration name: (type_identifier) @name) @def.type_alias
(internal_module name: [(identifier) (nested_identifier)] @name) @def.module
(module name: [(identifier) (nested_identifier) (string)] @name) @def.module

(type_parameter name: (type_identifier) @name) @def.type_parameter

(extends_clause value: [
  (identifier) @ref.inherit
  (member_expression object: (_) @ref.receiver property: (property_identifier) @ref.inherit)])
(implements_clause [
  (type_identifier) @ref.inherit
  (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)
  (generic_type name: [
    (type_identifier) @ref.inherit
    (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)])])
(extends_type_clause type: [
  (type_identifier) @ref.inherit
  (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)
  (generic_type name: [
    (type_identifier) @ref.inherit
    (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)])])

; ---------------------------------------------------------------- methods, accessors, fields
((method_definition
  name: [(property_identifier) (private_property_identifier)] @name
  parameters: (formal_parameters) @def.params
  return_type: (_ (_) @def.type)?) @def.method
  (#not-eq? @name "constructor")
  (#not-match? @def.method "^(((public|private|protected|static|override|readonly|async|declare|abstract)\\s+)*)(get|set)\\s+[^\\s(]"))

(method_definition
  name: (property_identifier) @name
  parameters: (formal_parameters) @def.params
  (#eq? @name "constructor")) @def.constructor

(method_definition
  ["get" "set"]
  name: [(property_identifier) (private_property_identifier)] @name
  return_type: (_ (_) @def.type)?) @def.property

; overload signatures in a class body (`read(n: number): string;` before the implementation): declarations
; of the same method or constructor
(class_body
  (method_signature
    name: [(property_identifier) (private_property_identifier)] @name
    parameters: (formal_parameters) @def.params
    return_type: (_ (_) @def.type)?) @def.method
  (#not-eq? @name "constructor"))
(class_body
  (method_signature
    name: (property_identifier) @name
    parameters: (formal_parameters) @def.params) @def.constructor
  (#eq? @name "constructor"))

(abstract_method_signature
  name: [(property_identifier) (private_property_identifier)] @name
  parameters: (formal_parameters) @def.params
  return_type: (_ (_) @def.type)?) @def.method

(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  type: (type_annotation (_) @def.type)?) @def.field
; a field holding a function is a method: `onClick = () => {...}`
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: [
    (function_expression parameters: (formal_parameters) @def.params return_type: (_ (_) @def.type)?)
    (arrow_function parameters: (formal_parameters) @def.params return_type: (_ (_) @def.type)?)
    (arrow_function parameter: (identifier))]) @def.method

; members of interfaces and of object types named by a type alias (not of inline type literals)
(interface_body [
  (property_signature name: (property_identifier) @name type: (type_annotation (_) @def.type)?) @def.field
  (method_signature
    name: [(property_identifier) (private_property_identifier)] @name
    parameters: (formal_parameters) @def.params
    return_type: (_ (_) @def.type)?) @def.method])
(type_alias_declaration value: (object_type [
  (property_signature name: (property_identifier) @name type: (type_annotation (_) @def.type)?) @def.field
  (method_signature
    name: [(property_identifier) (private_property_identifier)] @name
    parameters: (formal_parameters) @def.params
    return_type: (_ (_) @def.type)?) @def.method]))

; a type alias of an intersection (`type R = Base & { extra: T }`, up to two `&`): the members of its
; object-type parts are its members, its named parts are its bases (members of all parts, as in TypeScript)
(type_alias_declaration value: (intersection_type (object_type [
    (property_signature name: (property_identifier) @name type: (type_annotation (_) @def.type)?) @def.field
    (method_signature
      name: [(property_identifier) (private_property_identifier)] @name
      parameters: (formal_parameters) @def.params
      return_type: (_ (_) @def.type)?) @def.method])))
(type_alias_declaration value: (intersection_type (intersection_type (object_type [
    (property_signature name: (property_identifier) @name type: (type_annotation (_) @def.type)?) @def.field
    (method_signature
      name: [(property_identifier) (private_property_identifier)] @name
      parameters: (formal_parameters) @def.params
      return_type: (_ (_) @def.type)?) @def.method]))))
(type_alias_declaration value: (intersection_type [
    (type_identifier) @ref.inherit
    (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)
    (generic_type name: [
      (type_identifier) @ref.inherit
      (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)])]))
(type_alias_declaration value: (intersection_type (intersection_type [
    (type_identifier) @ref.inherit
    (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)
    (generic_type name: [
      (type_identifier) @ref.inherit
      (nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.inherit)])])))

(pair
  key: (property_identifier) @name
  value: [
    (function_expression parameters: (formal_parameters) @def.params return_type: (_ (_) @def.type)?)
    (arrow_function parameters: (formal_parameters) @def.params return_type: (_ (_) @def.type)?)
    (arrow_function parameter: (identifier))]) @def.method

; ---------------------------------------------------------------- functions
[
  (function_declaration
    name: (identifier) @name
    parameters: (formal_parameters) @def.params
    return_type: (_ (_) @def.type)?)
  (generator_function_declaration
    name: (identifier) @name
    parameters: (formal_parameters) @def.params
    return_type: (_ (_) @def.type)?)
  (function_signature
    name: (identifier) @name
    parameters: (formal_parameters) @def.params
    return_type: (_ (_) @def.type)?)
] @def.function
(variable_declarator
  name: (identifier) @name
  value: [
    (function_expression parameters: (formal_parameters) @def.params return_type: (_ (_) @def.type)?)
    (generator_function parameters: (formal_parameters) @def.params return_type: (_ (_) @def.type)?)
    (arrow_function parameters: (formal_parameters) @def.params return_type: (_ (_) @def.type)?)
    (arrow_function parameter: (identifier))]) @def.function

; ---------------------------------------------------------------- variables, constants, locals

; module level: the program and namespace bodies
(program [
  (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable)
  (export_statement declaration: (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable))
  (ambient_declaration (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable))]
  (#not-match? @_value "^require\\s*\\("))

(program [
  (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant)
  (export_statement declaration: (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant))
  (ambient_declaration (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant))]
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

(internal_module body: (statement_block [
  (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable)
  (export_statement declaration: (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable))
  (ambient_declaration (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable))])
  (#not-match? @_value "^require\\s*\\("))

(internal_module body: (statement_block [
  (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant)
  (export_statement declaration: (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant))
  (ambient_declaration (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant))])
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

(module body: (statement_block [
  (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable)
  (export_statement declaration: (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable))
  (ambient_declaration (_ (variable_declarator
      name: (identifier) @name type: (type_annotation (_) @def.type)? value: (_)? @_value) @def.variable))])
  (#not-match? @_value "^require\\s*\\("))

(module body: (statement_block [
  (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant)
  (export_statement declaration: (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant))
  (ambient_declaration (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name type: (type_annotation (_) @def.type)?) @def.constant))])
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

; elsewhere: locals of the innermost block
(variable_declarator
  name: (identifier) @name
  type: (type_annotation (_) @def.type)?
  value: (_)? @_value
  (#not-match? @_value "^require\\s*\\(")
  (#not-eq? @_value "this")) @def.local
; `const self = this`: the variable's type is the enclosing class's (the resolver reads the type `this` so)
(variable_declarator name: (identifier) @name value: (this) @def.type) @def.local
(variable_declarator
  name: (_
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
(for_in_statement kind: _ left: [
  (identifier) @name @def.local
  (_ [
    (identifier) @name
    (shorthand_property_identifier_pattern) @name
    (pair_pattern value: (identifier) @name)] @def.local)])
(catch_clause parameter: (identifier) @name @def.local type: (type_annotation (_) @def.type)?)

; ---------------------------------------------------------------- parameters
[
  (required_parameter pattern: [(identifier) (rest_pattern (identifier))] @name
    type: (type_annotation (_) @def.type)?)
  (optional_parameter pattern: [(identifier) (rest_pattern (identifier))] @name
    type: (type_annotation (_) @def.type)?)
  ; `function f(this: Foo)`: the type of `this` in the body (the resolver looks up a parameter named "this")
  (required_parameter pattern: (this) @name type: (type_annotation (_) @def.type))
] @def.parameter
[
  (required_parameter pattern: (_ [
    (identifier) @name
    (shorthand_property_identifier_pattern) @name
    (pair_pattern value: (identifier) @name)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)
  ] @def.parameter))
  (optional_parameter pattern: (_ [
    (identifier) @name
    (shorthand_property_identifier_pattern) @name
    (pair_pattern value: (identifier) @name)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)
  ] @def.parameter))
]
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

; a key of an object literal whose type is declared (`const m: Msg = { level: 1 }`, a typed field's
; initializer, `{...} as Msg`): a write of that type's property, the type text as its receiver
(variable_declarator
  type: (type_annotation (_) @ref.receiver)
  value: (object (pair key: (property_identifier) @ref.write)))
(public_field_definition
  type: (type_annotation (_) @ref.receiver)
  value: (object (pair key: (property_identifier) @ref.write)))
(as_expression (object (pair key: (property_identifier) @ref.write)) (_) @ref.receiver)
; a key of an object literal passed as an argument: a write of the property of that parameter's declared
; type (the receiver names the callee and the argument's position, `this.log(#1)`); a shorthand key is
; also the read of its local
(call_expression
  function: (_) @ref.callee
  arguments: (arguments (object [(pair key: (property_identifier) @ref.write) (shorthand_property_identifier) @ref.write])))
(new_expression
  constructor: (_) @ref.callee
  arguments: (arguments (object [(pair key: (property_identifier) @ref.write) (shorthand_property_identifier) @ref.write])))
; a key of a destructuring pattern reads that property of the value's type: the declared type of a
; parameter or variable (`({ name }: Options)`), else a variable's initializer (`const { a } = this.props`).
; A shorthand key is also the binding's definition: go-to-definition there goes to the property.
(_ pattern: (object_pattern [
    (shorthand_property_identifier_pattern) @ref.read
    (pair_pattern key: (property_identifier) @ref.read)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @ref.read)])
  type: (type_annotation (_) @ref.receiver))
(variable_declarator
  name: (object_pattern [
    (shorthand_property_identifier_pattern) @ref.read
    (pair_pattern key: (property_identifier) @ref.read)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @ref.read)])
  type: (type_annotation (_) @ref.receiver))
(variable_declarator
  name: (object_pattern [
    (shorthand_property_identifier_pattern) @ref.read
    (pair_pattern key: (property_identifier) @ref.read)
    (object_assignment_pattern left: (shorthand_property_identifier_pattern) @ref.read)])
  !type
  value: [(identifier) (member_expression) (this)] @ref.receiver)

(nested_type_identifier module: (_) @ref.receiver name: (type_identifier) @ref.type)
(type_identifier) @ref.type
(member_expression
  object: (_) @ref.receiver
  property: [(property_identifier) (private_property_identifier)] @ref.read)
(shorthand_property_identifier) @ref.read
(identifier) @ref.read
