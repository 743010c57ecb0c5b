"""Python client of the accessgraph query server (docs/server.md, SPEC section 7).

    from accessgraph_client import Client
    client = Client("127.0.0.1", 7878, token=None)
    client.check("u-alice", "ent-ad-vpn")  # {"identity": ..., "has": True, ...}

Every method returns the same dicts and lists as `accessgraph ... --json` and raises
ServerError, carrying the server's message, when the server refuses. The wire code
(package accessgraph.wire) is generated from server/schema/accessgraph.fbs by
`flatc --python` at build time; see docs/server.md.
"""
from accessgraph_client.client import Client, ServerError

__all__ = ["Client", "ServerError"]
