; Vcr extraction query for TSX (tree-sitter-typescript 0.23.2, tsx dialect). Capture contract:
; docs/queries.md. TSX is TypeScript plus JSX: the typescript query is included, then the JSX patterns.
; include typescript

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
