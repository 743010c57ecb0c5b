"""Generates the FlatBuffers code before setuptools collects the packages (pyproject.toml
holds the metadata). From a source tree (server/schema/accessgraph.fbs beside this
folder) the code is always regenerated, so it matches the schema; a copy of this
folder without the schema must already hold accessgraph_client/_wire."""
import os
import sys

from setuptools import setup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # build backends do not add it
import generate_wire  # noqa: E402

if os.path.exists(generate_wire.DEFAULT_SCHEMA):
    generate_wire.generate(flatc=os.environ.get("FLATC", "flatc"))
elif not os.path.exists(os.path.join(generate_wire.DEFAULT_OUT, "__init__.py")):
    raise SystemExit("accessgraph-client: neither server/schema/accessgraph.fbs nor accessgraph_client/_wire here")

setup()
