"""The Python client as a user installs it (docs/server.md, "Python client"):
`python3 -m venv --system-site-packages` (Debian's flatbuffers, setuptools and wheel),
`pip install --no-build-isolation --no-index server/python` with no network, then, from
another folder and with no PYTHONPATH to the sources, `import accessgraph_client` comes
from the venv and the FlatBuffers Client passes server/python/tests/test_client.py
against a running `accessgraph serve`. HttpClient imports without flatbuffers.

Environment: ACCESSGRAPH_BUILD_DIR, ACCESSGRAPH_CLI, ACCESSGRAPH_SOURCE_DIR.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE = os.environ["ACCESSGRAPH_SOURCE_DIR"]
VENV = os.path.join(os.environ["ACCESSGRAPH_BUILD_DIR"], "tests", "package", "python-venv")


def run(*args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError("%s exited %d:\n%s%s" % (" ".join(args), result.returncode, result.stdout, result.stderr))
    return result.stdout


class PythonPackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        shutil.rmtree(VENV, ignore_errors=True)
        run(sys.executable, "-m", "venv", "--system-site-packages", VENV)
        cls.python = os.path.join(VENV, "bin", "python")
        # A copy of the sources, as pip builds in place and the build writes _wire and build/.
        cls.scratch = tempfile.TemporaryDirectory()
        package = os.path.join(cls.scratch.name, "server", "python")
        shutil.copytree(os.path.join(SOURCE, "server", "python"), package,
                        ignore=shutil.ignore_patterns("_wire", "build", "*.egg-info", "__pycache__"))
        shutil.copytree(os.path.join(SOURCE, "server", "schema"), os.path.join(cls.scratch.name, "server", "schema"))
        env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
        env.pop("PYTHONPATH", None)
        run(cls.python, "-m", "pip", "install", "--no-build-isolation", "--no-index", package, env=env)
        cls.env = env

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_import_from_anywhere_comes_from_the_venv(self):
        where = run(self.python, "-c", "import accessgraph_client, accessgraph_client.client as c; "
                    "print(accessgraph_client.__file__); print(c.Client.risk_queue.__doc__ is not None)",
                    cwd="/", env=self.env).split()
        self.assertTrue(where[0].startswith(os.path.realpath(VENV)) or where[0].startswith(VENV), where)
        self.assertEqual(where[1], "True")

    def test_http_client_needs_no_flatbuffers(self):
        run(self.python, "-c", "import sys; sys.modules['flatbuffers'] = None\n"
            "from accessgraph_client import HttpClient, ServerError\n"
            "HttpClient('http://127.0.0.1:1')", cwd="/", env=self.env)

    def test_client_against_a_running_server(self):
        env = dict(self.env, PYTHONPATH=os.path.join(SOURCE, "tests", "support"))
        run(self.python, "-m", "unittest", "discover", "-s", os.path.join(SOURCE, "server", "python", "tests"),
            "-p", "test_client.py", cwd=self.scratch.name, env=env)


if __name__ == "__main__":
    unittest.main()
