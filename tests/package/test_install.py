"""`cmake --install` into a temporary prefix, then a project of someone else's finds it:
tests/package/consumer with find_package(accessgraph COMPONENTS client engine), and a
compiler line from `pkg-config accessgraph-client`. Both ask the sample bundle a
question, in process and through a running `accessgraph serve`.

Environment: ACCESSGRAPH_BUILD_DIR (the build tree, already built), ACCESSGRAPH_SOURCE_DIR.
"""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from served_sample import AS_OF, SAMPLE, ServedSample  # noqa: E402

BUILD = os.environ["ACCESSGRAPH_BUILD_DIR"]
CONSUMER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "consumer")


def run(*args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:  # say why: a compiler's or cmake's own words
        raise AssertionError(f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class InstalledPackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        cls.prefix = os.path.join(cls.scratch.name, "prefix")
        run("cmake", "--install", BUILD, "--prefix", cls.prefix)
        cls.server = ServedSample(os.path.join(cls.prefix, "bin", "accessgraph"), tokens=False)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.scratch.cleanup()

    def libdir(self):
        for name in ("lib", "lib64", os.path.join("lib", "x86_64-linux-gnu")):
            if os.path.exists(os.path.join(self.prefix, name, "cmake", "accessgraph")):
                return os.path.join(self.prefix, name)
        self.fail("no lib/cmake/accessgraph under " + self.prefix)

    def test_the_client_target_hides_its_dependencies(self):
        with open(os.path.join(self.libdir(), "cmake", "accessgraph", "accessgraph-client-targets.cmake")) as f:
            exported = f.read()
        for private in ("TBB", "absl", "flatbuffers", "Boost"):
            self.assertNotIn(private, exported)
        # The headers a client includes are the std-only ones: no third-party include.
        with open(os.path.join(self.prefix, "include", "accessgraph", "accessgraph", "client.hpp")) as f:
            self.assertNotIn("tbb", f.read())

    def test_consumer_project_finds_links_and_runs(self):
        build = os.path.join(self.scratch.name, "consumer")
        run("cmake", "-S", CONSUMER, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
            "-DCMAKE_PREFIX_PATH=" + self.prefix)
        run("cmake", "--build", build)
        self.assertEqual(run(os.path.join(build, "ask_engine"), SAMPLE, AS_OF, "u-alice", "ent-ad-vpn"), "has\n")
        self.assertEqual(run(os.path.join(build, "ask_engine"), SAMPLE, AS_OF, "u-alice", "ent-erp-approve-payment"), "lacks\n")
        ask_server = os.path.join(build, "ask_server")
        self.assertEqual(run(ask_server, "127.0.0.1", str(self.server.port), "u-alice", "ent-ad-vpn"), "has\n")
        # The client program needs only the client library among accessgraph's own.
        needed = run("readelf", "-d", ask_server)
        self.assertIn("libaccessgraph-client.so", needed)
        for private in ("libtbb", "libabsl", "libflatbuffers"):
            self.assertNotIn(private, needed)

    def test_pkg_config_compiles_a_client(self):
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(self.libdir(), "pkgconfig"))
        flags = run("pkg-config", "--cflags", "--libs", "accessgraph-client", env=env).split()
        program = os.path.join(self.scratch.name, "ask_server_pc")
        run("c++", "-std=c++20", "-O1", os.path.join(CONSUMER, "ask_server.cpp"), "-o", program, *flags,
            "-Wl,-rpath," + self.libdir())
        self.assertEqual(run(program, "127.0.0.1", str(self.server.port), "u-alice", "ent-ad-vpn"), "has\n")


if __name__ == "__main__":
    unittest.main()
