"""Python client of the accessgraph query server (docs/server.md, SPEC sections 7 and 11).

    from accessgraph_client import Client, HttpClient
    client = Client("127.0.0.1", 7878, token=None)        # FlatBuffers over TCP
    client.check("u-alice", "ent-ad-vpn")  # {"identity": ..., "has": True, ...}
    http = HttpClient("http://127.0.0.1:7879", token=None)  # JSON over HTTP
    http.check("u-alice", "ent-ad-vpn")    # the same dict

Every method returns the same dicts and lists as `accessgraph ... --json` and raises
ServerError, carrying the server's message, when the server refuses. Client needs the
flatbuffers module (Debian: python3-flatbuffers) and is imported only when used, so
HttpClient works with the standard library alone.
"""
from accessgraph_client.errors import ServerError
from accessgraph_client.http_client import HttpClient

__all__ = ["Client", "HttpClient", "ServerError"]
__version__ = "0.1.0"


def __getattr__(name):
    if name == "Client":
        from accessgraph_client.client import Client
        return Client
    raise AttributeError("module 'accessgraph_client' has no attribute %r" % name)
