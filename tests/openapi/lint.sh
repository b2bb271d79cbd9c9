#!/bin/sh
# Lints an OpenAPI document (default: resources/openapi.json) with the Redocly CLI pinned in
# this folder and its recommended rules (redocly.yaml). Fails on any error and on any
# warning. Needs `npm ci --prefix tests/openapi` first (.ci/run does it). CTest: openapi_lint.
set -u
here=$(cd "$(dirname "$0")" && pwd)
document=${1:-$here/../../resources/openapi.json}
cli=$here/node_modules/.bin/redocly
if [ ! -x "$cli" ]; then
    echo "openapi_lint: $cli is missing; run: npm ci --prefix tests/openapi" >&2
    exit 1
fi
output=$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$cli" lint --config "$here/redocly.yaml" "$document" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne 0 ]; then
    exit "$status"
fi
if printf '%s\n' "$output" | grep -Eq 'You have [0-9]+ warnings?'; then
    echo "openapi_lint: warnings count as failures here; fix them or turn the rule off in redocly.yaml with a reason" >&2
    exit 1
fi
