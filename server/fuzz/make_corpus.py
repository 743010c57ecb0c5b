#!/usr/bin/env python3
"""Writes the seed corpus: one valid request of each body type (payload without the
length prefix, as the fuzzer takes it). Needs the generated Python wire code:
PYTHONPATH=build/server/python python3 server/fuzz/make_corpus.py server/fuzz/corpus"""
import os
import sys

import flatbuffers

from accessgraph_client._wire import (AccessRequest, CheckRequest, ExplainRequest, FindingsRequest, HealthRequest,
                              PageRequest, Request, RequestBody, RiskQueueRequest, StatsRequest, WhatIfRequest,
                              Attribute, WhoHasRequest, WhoHasResourceRequest, ReorgRequest)


def request(name, body_type, build):
    b = flatbuffers.Builder(64)
    body = build(b)
    token = b.CreateString("tok")
    Request.Start(b)
    Request.AddId(b, 7)
    Request.AddProtocol(b, 1)
    Request.AddToken(b, token)
    Request.AddBodyType(b, body_type)
    Request.AddBody(b, body)
    b.FinishSizePrefixed(Request.End(b))
    return name, bytes(b.Output()[4:])


def table(b, module, fields):
    module.Start(b)
    for add, value in fields:
        getattr(module, "Add" + add)(b, value)
    return module.End(b)


def page(b):
    return table(b, PageRequest, [("Cursor", 2), ("Limit", 3)])


def whatif(b):
    attribute = table(b, Attribute, [("Name", b.CreateString("department")), ("Value", b.CreateString("Sales"))])
    WhatIfRequest.StartAttributesVector(b, 1)
    b.PrependUOffsetTRelative(attribute)
    vector = b.EndVector()
    return table(b, WhatIfRequest, [("Identity", b.CreateString("u-henry")), ("Attributes", vector)])


B = RequestBody.RequestBody
SEEDS = [
    request("check", B.CheckRequest, lambda b: table(b, CheckRequest, [
        ("Identity", b.CreateString("u-alice")), ("Entitlement", b.CreateString("ent-ad-vpn"))])),
    request("access", B.AccessRequest, lambda b: table(b, AccessRequest, [
        ("Identity", b.CreateString("u-maria")), ("Page", page(b))])),
    request("who_has", B.WhoHasRequest, lambda b: table(b, WhoHasRequest, [
        ("Entitlement", b.CreateString("ent-ad-vpn")), ("Page", page(b))])),
    request("who_has_resource", B.WhoHasResourceRequest, lambda b: table(b, WhoHasResourceRequest, [
        ("Resource", b.CreateString("account:prod")), ("Page", page(b))])),
    request("explain", B.ExplainRequest, lambda b: table(b, ExplainRequest, [
        ("Identity", b.CreateString("u-alice")), ("Entitlement", b.CreateString("ent-ad-vpn"))])),
    request("findings", B.FindingsRequest, lambda b: table(b, FindingsRequest, [
        ("Scope", 1), ("Key", b.CreateString("u-maria")), ("Page", page(b))])),
    request("risk_queue", B.RiskQueueRequest, lambda b: table(b, RiskQueueRequest, [
        ("Reviewer", b.CreateString("u-priya")), ("MinScore", 10.0), ("Page", page(b))])),
    request("whatif", B.WhatIfRequest, whatif),
    request("reorg", B.ReorgRequest, lambda b: table(b, ReorgRequest, [
        ("TransfersCsv", b.CreateString("identity_id,department\nu-henry,Sales\n")), ("Page", page(b))])),
    request("stats", B.StatsRequest, lambda b: table(b, StatsRequest, [])),
    request("health", B.HealthRequest, lambda b: table(b, HealthRequest, [])),
]

if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, payload in SEEDS:
        with open(os.path.join(out, name), "wb") as f:
            f.write(payload)
