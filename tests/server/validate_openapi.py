#!/usr/bin/env python3
"""Validates an OpenAPI 3.0 document with openapi-spec-validator (the official JSON
schemas of the OpenAPI Initiative, plus the checks of the spec's prose: unique
operationIds, declared path parameters, resolvable $refs). Exit 77 (ctest: skipped)
when the package is missing."""
import json
import sys

try:
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV30SpecValidator
except ImportError:
    print("openapi-spec-validator is not installed: skipped")
    sys.exit(77)

with open(sys.argv[1]) as document:
    spec = json.load(document)
if not spec.get("openapi", "").startswith("3.0."):
    sys.exit(f"{sys.argv[1]}: not an OpenAPI 3.0 document (openapi: {spec.get('openapi')!r})")
validate(spec, cls=OpenAPIV30SpecValidator)
print(f"{sys.argv[1]}: valid OpenAPI {spec['openapi']}")
