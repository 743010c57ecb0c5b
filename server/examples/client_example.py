"""A small program against a running server:

    accessgraph serve --bundle datasets/sample --as-of 2026-11-01 --listen 127.0.0.1:7878 &
    PYTHONPATH=build/server/python python3 server/examples/client_example.py 127.0.0.1 7878 u-alice ent-ad-vpn
"""
import json
import sys

from accessgraph_client import Client, ServerError


def main(host, port, identity, entitlement):
    with Client(host, int(port)) as client:
        print(json.dumps(client.check(identity, entitlement)))
        access = client.access(identity)
        print(identity, "holds", len(access["entitlements"]), "entitlements")
        for node in client.explain(identity, entitlement)["actual"]:
            print("  ", node["kind"], node["id"])
        try:
            client.check("nobody-such", entitlement)
        except ServerError as error:
            print("as expected:", error)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: client_example.py HOST PORT IDENTITY ENTITLEMENT")
    main(*sys.argv[1:])
