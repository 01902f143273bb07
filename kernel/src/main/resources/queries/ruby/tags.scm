; Vcr extraction query for Ruby (tree-sitter-ruby 0.23.1). Capture contract: docs/queries.md.
;
; Every `def` is a method (`initialize` the constructor), also at the top level, where Ruby defines it
; on Object. Constant assignments are constants; assignments to plain identifiers are locals of the
; enclosing method or block.

; ---------------------------------------------------------------- requires
(call
  method: (identifier) @_req
  arguments: (argument_list . (string . (string_content) @import.module .) .)
  (#any-of? @_req "require" "require_relative" "load"))

; ---------------------------------------------------------------- modules and classes
; `class A::B` (compact form): the scope `A` is kept as the definition's type text, so the constant path
; of B is A::B (its qualified name has only B).
(module name: [(constant) @name (scope_resolution scope: (_)? @def.type name: (constant) @name)]) @def.module
(class name: [(constant) @name (scope_resolution scope: (_)? @def.type name: (constant) @name)]) @def.class

(superclass [
  (constant) @ref.inherit
  (scope_resolution scope: (_) @ref.receiver name: (constant) @ref.inherit)])
; mixins
(call
  method: (identifier) @_mixin
  arguments: (argument_list [
    (constant) @ref.inherit
    (scope_resolution scope: (_) @ref.receiver name: (constant) @ref.inherit)])
  (#any-of? @_mixin "include" "extend" "prepend"))

; ---------------------------------------------------------------- methods
; Without a parameter list the name (no named children) doubles as @def.params, so arity is 0.
(method
  name: (_) @name
  parameters: (method_parameters) @def.params
  (#not-eq? @name "initialize")) @def.method
(method
  name: (_) @name @def.params
  !parameters
  (#not-eq? @name "initialize")) @def.method
(method
  name: (_) @name
  parameters: (method_parameters) @def.params
  (#eq? @name "initialize")) @def.constructor
(method
  name: (_) @name @def.params
  !parameters
  (#eq? @name "initialize")) @def.constructor
(singleton_method name: (_) @name parameters: (method_parameters) @def.params) @def.method
(singleton_method name: (_) @name @def.params !parameters) @def.method
(alias name: (_) @name) @def.method

; ---------------------------------------------------------------- constants, parameters, locals
(assignment left: (constant) @name) @def.constant

(method_parameters (identifier) @name @def.parameter)
(block_parameters (identifier) @name @def.parameter)
(lambda_parameters (identifier) @name @def.parameter)
(destructured_parameter (identifier) @name @def.parameter)
[
  (optional_parameter name: (identifier) @name)
  (keyword_parameter name: (identifier) @name)
  (splat_parameter name: (identifier) @name)
  (hash_splat_parameter name: (identifier) @name)
  (block_parameter name: (identifier) @name)
] @def.parameter

(assignment left: (identifier) @name) @def.local
(assignment left: (left_assignment_list (identifier) @name @def.local))
(for pattern: (identifier) @name @def.local)
(exception_variable (identifier) @name @def.local)

[
  (method)
  (singleton_method)
  (block)
  (do_block)
  (lambda)
] @scope

; ---------------------------------------------------------------- calls and instantiation
; Foo.new(...) instantiates Foo
(call
  receiver: [
    (constant) @ref.new
    (scope_resolution scope: (_) @ref.receiver name: (constant) @ref.new)]
  method: (identifier) @_new
  arguments: (argument_list)? @ref.args
  (#eq? @_new "new"))

; `a.b` without an argument list is a call with no arguments: the method name (no named children)
; doubles as @ref.args so arity is 0. A block does not count as an argument.
(call
  receiver: (_) @ref.receiver
  method: (identifier) @ref.call
  arguments: (argument_list) @ref.args
  (#not-eq? @ref.call "new"))
(call
  receiver: (_) @ref.receiver
  method: (identifier) @ref.call @ref.args
  !arguments
  (#not-eq? @ref.call "new"))
; x.new on something that is not a constant path
(call
  receiver: (_) @ref.receiver
  method: (identifier) @ref.call
  arguments: (argument_list)? @ref.args
  (#eq? @ref.call "new")
  (#not-match? @ref.receiver "^(::)?([A-Z]\\w*::)*[A-Z]\\w*$"))
(call
  !receiver
  method: (identifier) @ref.call
  arguments: (argument_list) @ref.args)
(call
  method: (super) @ref.super_call
  arguments: (argument_list) @ref.args)
; bare `super` passes the caller's arguments on: arity unknown
(body_statement (super) @ref.super_call)
(block_body (super) @ref.super_call)
(then (super) @ref.super_call)
(binary (super) @ref.super_call)
(call receiver: (super) @ref.super_call)

; ---------------------------------------------------------------- other uses
(rescue exceptions: (exceptions [
  (constant) @ref.type
  (scope_resolution scope: (_) @ref.receiver name: (constant) @ref.type)]))

(assignment left: [(identifier) (instance_variable) (class_variable) (global_variable) (constant)] @ref.write)
(operator_assignment
  left: [(identifier) (instance_variable) (class_variable) (global_variable) (constant)] @ref.write)
(assignment left: (call receiver: (_) @ref.receiver method: (identifier) @ref.write))
(operator_assignment left: (call receiver: (_) @ref.receiver method: (identifier) @ref.write))

(scope_resolution scope: (_) @ref.receiver name: (constant) @ref.read)
[(identifier) (constant) (instance_variable) (class_variable)] @ref.read
