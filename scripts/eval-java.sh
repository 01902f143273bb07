#!/usr/bin/env bash
# Accuracy benchmark (issue 5): answers the eval kit's Java queries with Vcr and prints the kit's score.
# Needs ../shared/eval (the kit) beside the checkout; fetches its corpora on first run (Maven Central).
# Usage: scripts/eval-java.sh [--gate] [extra score args, e.g. --explain 5]
#   --gate: fail unless references, definition and call hierarchy meet issue 5's precision and recall
#           targets and workspace-symbol hit@1 stays above 0.65 (a regression floor, below its target).
# The same as scripts/eval-lang.sh java (which also runs Python and TypeScript).
exec "$(dirname "${BASH_SOURCE[0]}")/eval-lang.sh" java "$@"
