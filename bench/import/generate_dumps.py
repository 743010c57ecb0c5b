#!/usr/bin/env python3
"""Writes a large synthetic directory export for timing `accessgraph import`.

  generate_dumps.py --format ldif --size-mb 2048 --out /tmp/dump/directory.ldif
  generate_dumps.py --format scim --size-mb 2048 --out /tmp/dump/scim.json
  generate_dumps.py --format hr_csv|aws_iam|entra|bloodhound --size-mb 500 --out ...

The data is shaped like real exports: an Active Directory LDIF (ldifde style: users
with a dozen attributes, some folded lines and base64 values, groups with member DNs,
nested groups); one SCIM ListResponse of Users (enterprise extension, emails) and
Groups (members of type User and Group); an HR CSV; an `aws iam
get-account-authorization-details` report (users with an inline and an attached
managed policy, groups with an inline policy; no roles); a Microsoft Graph export (users with signInActivity, groups with
members: a folder of two files, users.json and groups.json); a SharpHound collection
(users with their ACEs, and groups: a folder of two files). People make
up about two thirds of the bytes, group memberships the rest. It also writes
import.json beside the dump (the config that imports it) and prints the counts it
wrote. Generated data stays out of git.
"""
import argparse
import base64
import json
import os
import random

DEPARTMENTS = ["Engineering", "Sales", "Finance", "Marketing", "Support", "Legal", "Operations", "HR"]
TITLES = ["Engineer", "Senior Engineer", "Manager", "Analyst", "Director", "Specialist", "Associate"]
FIRST = ["Alice", "Bob", "Carol", "Dan", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj",
         "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Zoe", "Jörg", "Zoë"]
LAST = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Müller", "O'Neil"]
BASE = "DC=corp,DC=example,DC=com"


def fold(line):
    """RFC 2849 folding at 76 columns, as ldifde does."""
    if len(line) <= 76:
        return line + "\n"
    parts = [line[:76]]
    rest = line[76:]
    while rest:
        parts.append(" " + rest[:75])
        rest = rest[75:]
    return "\n".join(parts) + "\n"


def attr(name, value):
    if value and (not value.isascii() or value[0] in " :<"):
        return fold(name + ":: " + base64.b64encode(value.encode()).decode())
    return fold(name + ": " + value)


def user_dn(i):
    return f"CN=User {i:08d},OU=People,OU=Dept{i % 50:02d},{BASE}"


def group_dn(g):
    return f"CN=Group {g:07d},OU=Groups,{BASE}"


def ldif_user(rng, i, users):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    out = [attr("dn", user_dn(i)), "changetype: add\n", "objectClass: top\nobjectClass: person\n",
           "objectClass: organizationalPerson\nobjectClass: user\n",
           attr("cn", f"User {i:08d}"), attr("givenName", first), attr("sn", last),
           attr("displayName", f"{first} {last}"), attr("sAMAccountName", f"u{i:08d}"),
           attr("userPrincipalName", f"u{i:08d}@corp.example.com"), attr("mail", f"u{i:08d}@example.com"),
           attr("employeeID", f"E{i:08d}"), attr("department", rng.choice(DEPARTMENTS)),
           attr("title", rng.choice(TITLES)),
           attr("description", "Account of " + first + " " + last + ", created by the provisioning workflow "
                + "for the regional office; see ticket " + str(rng.randrange(10**6))),
           attr("manager", user_dn(rng.randrange(users))),
           f"userAccountControl: {514 if rng.random() < 0.05 else 512}\n",
           f"lastLogonTimestamp: {133000000000000000 + rng.randrange(10**15)}\n",
           "whenCreated: 20200101120000.0Z\n", "\n"]
    return "".join(out)


def ldif_group(rng, g, users, groups, members):
    out = [attr("dn", group_dn(g)), "changetype: add\n", "objectClass: top\nobjectClass: group\n",
           attr("cn", f"Group {g:07d}"), attr("sAMAccountName", f"g{g:07d}")]
    for _ in range(members):
        out.append(attr("member", user_dn(rng.randrange(users))))
    if g > 0 and rng.random() < 0.3:
        out.append(attr("member", group_dn(rng.randrange(g))))
    out.append("\n")
    return "".join(out)


def scim_user(rng, i, users):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    user = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": f"00u{i:012d}", "externalId": f"E{i:08d}", "userName": f"u{i:08d}@example.com",
        "name": {"givenName": first, "familyName": last, "formatted": f"{first} {last}"},
        "displayName": f"{first} {last}",
        "emails": [{"value": f"u{i:08d}@example.com", "type": "work", "primary": True}],
        "title": rng.choice(TITLES), "userType": "Employee", "active": rng.random() >= 0.05,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": f"E{i:08d}", "department": rng.choice(DEPARTMENTS),
            "manager": {"value": f"00u{rng.randrange(users):012d}"}},
        "meta": {"resourceType": "User", "created": "2020-01-01T12:00:00Z",
                 "lastModified": "2024-05-01T08:00:00Z",
                 "location": f"https://example.okta.com/scim/v2/Users/00u{i:012d}"},
    }
    return json.dumps(user, ensure_ascii=False, indent=2)


def scim_group(rng, g, users, groups, members):
    member_list = [{"value": f"00u{rng.randrange(users):012d}", "type": "User", "display": "x"}
                   for _ in range(members)]
    if g > 0 and rng.random() < 0.3:
        member_list.append({"value": f"00g{rng.randrange(g):012d}", "type": "Group"})
    group = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": f"00g{g:012d}",
             "displayName": f"Group {g:07d}", "members": member_list,
             "meta": {"resourceType": "Group", "created": "2020-01-01T12:00:00Z"}}
    return json.dumps(group, ensure_ascii=False, indent=2)


def hr_row(rng, i, users):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return (f"E{i:08d},\"{last}, {first}\",{rng.choice(DEPARTMENTS)},{rng.choice(TITLES)},E{rng.randrange(users):08d},"
            f"u{i:08d}@example.com,2020-01-{1 + i % 28:02d},,Regular,Active,Berlin\n")


def aws_user(rng, i, groups):
    statement = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::bucket-{i % 97}/*"}
    return json.dumps({"Path": "/", "UserName": f"u{i:08d}", "UserId": f"AIDA{i:016d}",
                       "Arn": f"arn:aws:iam::111122223333:user/u{i:08d}", "CreateDate": "2020-01-01 00:00:00+00:00",
                       "GroupList": [f"g{rng.randrange(groups):06d}" for _ in range(3)],
                       "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
                       "UserPolicyList": [{"PolicyName": "own-bucket", "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}}],
                       "Tags": [{"Key": "email", "Value": f"u{i:08d}@example.com"}, {"Key": "employeeID", "Value": f"E{i:08d}"}]},
                      indent=4)


def aws_group(g):
    return json.dumps({"Path": "/", "GroupName": f"g{g:06d}", "GroupId": f"AGPA{g:016d}",
                       "Arn": f"arn:aws:iam::111122223333:group/g{g:06d}", "CreateDate": "2019-01-01 00:00:00+00:00",
                       "GroupPolicyList": [{"PolicyName": "ec2", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                           {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}}],
                       "AttachedManagedPolicies": []}, indent=4)


def graph_user(rng, i, users):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return json.dumps({"id": f"00000000-0000-4000-8000-{i:012d}", "userPrincipalName": f"u{i:08d}@example.com",
                       "displayName": f"{first} {last}", "mail": f"u{i:08d}@example.com", "employeeId": f"E{i:08d}",
                       "department": rng.choice(DEPARTMENTS), "jobTitle": rng.choice(TITLES), "accountEnabled": rng.random() >= 0.05,
                       "createdDateTime": "2020-01-01T00:00:00Z", "userType": "Member",
                       "signInActivity": {"lastSignInDateTime": "2026-10-01T08:00:00Z",
                                          "lastNonInteractiveSignInDateTime": "2026-10-02T08:00:00Z"},
                       "manager": {"@odata.type": "#microsoft.graph.user", "id": f"00000000-0000-4000-8000-{rng.randrange(users):012d}"}},
                      ensure_ascii=False, indent=2)


def graph_group(rng, g, users, members):
    return json.dumps({"id": f"00000000-0000-4000-9000-{g:012d}", "displayName": f"Group {g:07d}", "securityEnabled": True,
                       "groupTypes": [], "members": [{"@odata.type": "#microsoft.graph.user",
                                                      "id": f"00000000-0000-4000-8000-{rng.randrange(users):012d}"}
                                                     for _ in range(members)]}, indent=2)


def bh_ace(rng, domain):
    return {"PrincipalSID": f"{domain}-{rng.choice([512, 519, 544])}", "PrincipalType": "Group",
            "RightName": rng.choice(["Owns", "GenericAll", "WriteDacl", "WriteOwner"]), "IsInherited": rng.random() < 0.5}


def bh_user(rng, i, domain):
    return json.dumps({"Properties": {"domain": "CORP.LOCAL", "name": f"U{i:08d}@CORP.LOCAL", "samaccountname": f"u{i:08d}",
                                      "distinguishedname": f"CN=U{i:08d},OU=People,DC=CORP,DC=LOCAL", "enabled": rng.random() >= 0.05,
                                      "lastlogontimestamp": 1790000000 + i, "whencreated": 1600000000, "admincount": False,
                                      "email": f"u{i:08d}@example.com", "displayname": f"User {i}", "sidhistory": []},
                       "AllowedToDelegate": [], "PrimaryGroupSID": f"{domain}-513", "HasSIDHistory": [], "SPNTargets": [],
                       "Aces": [bh_ace(rng, domain) for _ in range(4)], "ObjectIdentifier": f"{domain}-{100000 + i}",
                       "IsDeleted": False, "IsACLProtected": False}, indent=4)


def bh_group(rng, g, users, members, domain):
    return json.dumps({"Properties": {"domain": "CORP.LOCAL", "name": f"GROUP{g:06d}@CORP.LOCAL", "admincount": False},
                       "Members": [{"ObjectIdentifier": f"{domain}-{100000 + rng.randrange(users)}", "ObjectType": "User"}
                                   for _ in range(members)],
                       "Aces": [bh_ace(rng, domain) for _ in range(4)], "ObjectIdentifier": f"{domain}-{10000000 + g}",
                       "IsDeleted": False, "IsACLProtected": False}, indent=4)


class Chunked:
    """Writes text in large blocks; counts bytes."""
    def __init__(self, path):
        self.out = open(path, "w", encoding="utf-8")
        self.chunk = []

    def emit(self, text):
        self.chunk.append(text)
        if len(self.chunk) >= 2000:
            self.flush()

    def flush(self):
        self.out.write("".join(self.chunk))
        self.chunk.clear()

    def close(self):
        self.flush()
        self.out.close()


def json_list(path, head, items, tail):
    out = Chunked(path)
    out.emit(head)
    first = True
    for item in items:
        out.emit(("" if first else ",\n") + item)
        first = False
    out.emit(tail)
    out.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=["ldif", "scim", "hr_csv", "aws_iam", "entra", "bloodhound"], required=True)
    parser.add_argument("--size-mb", type=float, required=True, help="approximate size of the dump")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--members", type=int, default=40, help="members per group")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    target = int(args.size_mb * 1e6)
    per_user = {"ldif": 820, "scim": 1150, "hr_csv": 110, "aws_iam": 1300, "entra": 900, "bloodhound": 2100}[args.format]
    per_member = {"ldif": 68, "scim": 105, "hr_csv": 1, "aws_iam": 20, "entra": 110, "bloodhound": 110}[args.format]
    share = 1.0 if args.format == "hr_csv" else 0.65
    users = max(10, int(target * share / per_user))
    groups = max(1, int(target * (1 - share) / (per_member * args.members)))
    if args.format == "aws_iam":  # IAM groups hold policies, members come from the users' GroupList
        groups = max(1, users // 25)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    if args.format == "ldif" or args.format == "scim":
        out = Chunked(args.out)
        if args.format == "ldif":
            out.emit("version: 1\n\n# generated by bench/import/generate_dumps.py\n\n")
            for i in range(users):
                out.emit(ldif_user(rng, i, users))
            for g in range(groups):
                out.emit(ldif_group(rng, g, users, groups, args.members))
        else:
            out.emit('{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], '
                     f'"totalResults": {users + groups}, "itemsPerPage": {users + groups}, "startIndex": 1, '
                     '"Resources": [\n')
            for i in range(users):
                out.emit(scim_user(rng, i, users) + ",\n")
            for g in range(groups):
                out.emit(scim_group(rng, g, users, groups, args.members) + (",\n" if g + 1 < groups else "\n"))
            out.emit("]}\n")
        out.close()
    elif args.format == "hr_csv":
        out = Chunked(args.out)
        out.emit("Employee ID,Name,Department,Title,Manager ID,Email,Start,End,Worker Type,Status,Office\n")
        for i in range(users):
            out.emit(hr_row(rng, i, users))
        out.close()
    elif args.format == "aws_iam":
        json_list(args.out, '{"UserDetailList": [\n', (aws_user(rng, i, groups) for i in range(users)),
                  '],\n"GroupDetailList": [' + ",\n".join(aws_group(g) for g in range(groups)) +
                  '],\n"RoleDetailList": [], "Policies": [], "IsTruncated": false}\n')
    elif args.format == "entra":
        os.makedirs(args.out, exist_ok=True)
        context = "https://graph.microsoft.com/v1.0/$metadata#"
        json_list(os.path.join(args.out, "users.json"), '{"@odata.context": "' + context + 'users", "value": [\n',
                  (graph_user(rng, i, users) for i in range(users)), "]}\n")
        json_list(os.path.join(args.out, "groups.json"), '{"@odata.context": "' + context + 'groups", "value": [\n',
                  (graph_group(rng, g, users, args.members) for g in range(groups)), "]}\n")
    else:
        os.makedirs(args.out, exist_ok=True)
        domain = "S-1-5-21-1000-2000-3000"
        json_list(os.path.join(args.out, "20260101_users.json"), '{"data": [\n',
                  (bh_user(rng, i, domain) for i in range(users)),
                  f'],\n"meta": {{"methods": 46067, "type": "users", "count": {users}, "version": 6}}}}\n')
        json_list(os.path.join(args.out, "20260101_groups.json"), '{"data": [\n',
                  (bh_group(rng, g, users, args.members, domain) for g in range(groups)),
                  f'],\n"meta": {{"methods": 46067, "type": "groups", "count": {groups}, "version": 6}}}}\n')
    source = {"format": args.format, "path": os.path.basename(args.out)}
    if args.format == "hr_csv":
        source["columns"] = {"id": "Employee ID", "display_name": "Name", "department": "Department",
                             "title": "Title", "manager_id": "Manager ID", "email": "Email", "hire_date": "Start",
                             "termination_date": "End", "kind": "Worker Type", "status": "Status", "location": "Office"}
        config = {"sources": [source]}
    else:
        source["system"] = "corp"
        config = {"sources": [source], "correlation": [{"account": "employeeID", "identity": "employee_id"}]}
    with open(os.path.join(out_dir, "import.json"), "w") as out:
        json.dump(config, out, indent=2)
    size = sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(args.out) for f in files) \
        if os.path.isdir(args.out) else os.path.getsize(args.out)
    print(f"{args.out}: {size / 1e6:.0f} MB, {users} users, {groups} groups, about {groups * args.members} memberships")


if __name__ == "__main__":
    main()
