"""`accessgraph serve` on the sample bundle for Python tests: a read and an admin token,
pages of 2, any free port (read back from --port-file); stop() returns its exit status.

Environment: ACCESSGRAPH_CLI (the binary, unless one is passed), ACCESSGRAPH_SOURCE_DIR.
"""
import os
import subprocess
import tempfile
import time

SAMPLE = os.path.join(os.environ["ACCESSGRAPH_SOURCE_DIR"], "datasets", "sample")
AS_OF = "2026-11-16"
READER = "reader-0123456789abcdef"
ADMIN = "boss-0123456789abcdef"


class ServedSample:
    def __init__(self, cli=None, extra_args=(), tokens=True):
        self.cli = cli or os.environ["ACCESSGRAPH_CLI"]
        self.dir = tempfile.TemporaryDirectory()
        token_args = []
        if tokens:  # else only loopback clients, none with a token
            token_args = ["--tokens", os.path.join(self.dir.name, "tokens")]
            with open(token_args[1], "w") as f:
                f.write("%s read\n%s admin\n" % (READER, ADMIN))
            os.chmod(token_args[1], 0o600)  # the server refuses a tokens file others may read
        port_file = os.path.join(self.dir.name, "port")
        self.process = subprocess.Popen([self.cli, "serve", "--bundle", SAMPLE, "--as-of", AS_OF,
                                         "--listen", "127.0.0.1:0", "--port-file", port_file, *token_args,
                                         "--max-page-items", "2", "-q", *extra_args], stdout=subprocess.DEVNULL)
        deadline = time.time() + 60
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if self.process.poll() is not None or time.time() > deadline:
                self.process.kill()
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        with open(port_file) as f:
            self.port = int(f.read())

    def stop(self):
        self.process.terminate()
        status = self.process.wait(timeout=60)
        self.dir.cleanup()
        return status
