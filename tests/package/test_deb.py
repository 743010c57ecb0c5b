"""`cpack -G DEB` on the built tree makes a Debian package that carries and runs the
binary: dpkg-deb --info names the package and its dependencies, dpkg-deb -x unpacks it
into a temporary folder, and the unpacked binary answers --version and analyses the
sample bundle that the package ships.

Environment: ACCESSGRAPH_BUILD_DIR (the build tree, already built).
"""
import glob
import json
import os
import subprocess
import tempfile
import unittest

BUILD = os.environ["ACCESSGRAPH_BUILD_DIR"]


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs).stdout


class DebianPackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        # -B: the package lands in the scratch folder; the build tree's own _CPack_Packages
        # staging folder is reused, so two runs at once would collide (ctest RESOURCE_LOCK).
        run("cpack", "-G", "DEB", "-B", cls.scratch.name, "--config", os.path.join(BUILD, "CPackConfig.cmake"),
            cwd=BUILD)
        packages = glob.glob(os.path.join(cls.scratch.name, "accessgraph_*.deb"))
        assert len(packages) == 1, packages
        cls.deb = packages[0]
        cls.root = os.path.join(cls.scratch.name, "root")
        run("dpkg-deb", "-x", cls.deb, cls.root)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_control_fields(self):
        info = run("dpkg-deb", "--info", self.deb)
        self.assertIn("Package: accessgraph", info)
        self.assertIn("Version: 0.1.0", info)
        self.assertIn("Architecture: amd64", info)
        self.assertIn("Maintainer:", info)
        depends = next(line for line in info.splitlines() if line.strip().startswith("Depends:"))
        for library in ("libtbb", "libc6"):  # from dpkg-shlibdeps: what the binary links
            self.assertIn(library, depends)

    def test_contents(self):
        contents = run("dpkg-deb", "--contents", self.deb)
        for path in ("./usr/bin/accessgraph", "./usr/lib/systemd/system/accessgraph.service",
                     "./usr/include/accessgraph/accessgraph/client.hpp", "lib/cmake/accessgraph/accessgraph-config.cmake",
                     "lib/pkgconfig/accessgraph-client.pc", "./usr/share/accessgraph/sample/identities.csv"):
            self.assertIn(path, contents)
        self.assertIn("libaccessgraph-client.so", contents)

    def test_unpacked_binary_runs(self):
        binary = os.path.join(self.root, "usr", "bin", "accessgraph")
        self.assertEqual(run(binary, "--version").strip(), "accessgraph 0.1.0")
        sample = os.path.join(self.root, "usr", "share", "accessgraph", "sample")
        out = os.path.join(self.scratch.name, "out")
        run(binary, "analyze", sample, "--out", out, "--as-of", "2026-11-16", "-q")
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        self.assertEqual(summary["nodes"]["identities"], 49)  # the sample, as from the source tree


if __name__ == "__main__":
    unittest.main()
