#!/usr/bin/env bash
# The one test command (README "Test"): builds everything and runs every test suite.
# Installs what the tests need (Maven deps, npm packages, Debian packages for the editor tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== kernel and server: unit, golden, in-process LSP and process tests (mvn verify)"
mvn -B -ntp verify
