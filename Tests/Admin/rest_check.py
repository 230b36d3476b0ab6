#!/usr/bin/env python3
"""The REST API of twag-admin against docs/openapi.yaml, then against hostile input.

Calls every /api/v1 endpoint and checks each answer: its status code is one the OpenAPI document
lists for that operation, its body validates against that response's schema ($refs resolved,
formats checked), its documented headers are there. Then hostile input (missing and bad tokens,
injection, overlong and non-UTF-8 values, duplicate and unknown parameters, bad ranges and dates,
path traversal, oversized and malformed bodies): each must get the right 4xx, its body must
validate too, and a GET /status right after must still answer 200.

    python3 Tests/Admin/rest_check.py --api https://127.0.0.1:8444/api/v1 --token T \\
        --openapi docs/openapi.yaml --imsi 001010000000001 [--session CLASS]

With --session (the Class of a live session of --imsi whose AP answers Disconnect-Requests), it
finally disconnects that session (200, Disconnect-ACK) and checks it ended. Prints one line per
check, a summary and the refused calls ("unauthorized refusals: missing=N invalid=M", what
twag_admin_api_unauthorized_total should have counted); exits 0 only if every check passed.

Needs python3, PyYAML and openapi-schema-validator (jsonschema comes with it).
"""

import argparse
import base64
import http.client
import json
import socket
import ssl
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

try:
    import yaml
except ImportError:  # pragma: no cover - reported, not hidden
    sys.exit("rest_check: PyYAML is missing (python3 -m pip install PyYAML)")
try:
    from openapi_schema_validator import OAS31Validator, oas31_format_checker
except ImportError:  # pragma: no cover
    sys.exit("rest_check: openapi-schema-validator is missing (python3 -m pip install openapi-schema-validator)")

UNKNOWN_IMSI = "001019999999999"
MISSING_CLASS = "twag:0000000000000000"
KB10 = 10 * 1024


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> value
        self.body = body
        try:
            self.json = json.loads(body.decode("utf-8")) if body else None
        except (UnicodeDecodeError, ValueError):
            self.json = None

    def short(self):
        text = self.body.decode("utf-8", "replace")
        return text if len(text) <= 300 else text[:300] + "..."


class Spec:
    """The OpenAPI document: which operation a request is, and does a response fit it."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        server = self.doc["servers"][0]["url"]
        self.base_path = urllib.parse.urlsplit(server.replace("{host}", "h").replace("{port}", "1")).path.rstrip("/")
        self.templates = []
        for template, item in self.doc["paths"].items():
            self.templates.append((template, template.strip("/").split("/"), item))

    def problems_with_document(self):
        """The document against OpenAPI 3.1 (openapi-spec-validator when installed) and every
        schema in it against the OAS 3.1 dialect's meta-schema."""
        problems = []
        if self.doc.get("openapi") != "3.1.0":
            problems.append("openapi is not 3.1.0")
        try:
            from openapi_spec_validator import validate as validate_spec  # optional
        except ImportError:
            validate_spec = None
        if validate_spec is not None:
            try:
                validate_spec(self.doc)
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                problems.append("openapi-spec-validator: %s" % str(error).splitlines()[0])
        for name, schema in self.doc.get("components", {}).get("schemas", {}).items():
            try:
                OAS31Validator.check_schema(schema)
            except Exception as error:  # noqa: BLE001
                problems.append("schema %s: %s" % (name, str(error).splitlines()[0]))
        for _, _, item in self.templates:
            for method, operation in item.items():
                if method not in ("get", "post", "put", "delete", "patch"):
                    continue
                for code, response in operation["responses"].items():
                    response = self.resolve(response)
                    for media in response.get("content", {}).values():
                        try:
                            OAS31Validator.check_schema(media["schema"])
                        except Exception as error:  # noqa: BLE001
                            problems.append("%s %s: %s" % (operation["operationId"], code, str(error).splitlines()[0]))
        return problems

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = self.pointer(node["$ref"])
        return node

    def pointer(self, ref):
        assert ref.startswith("#/"), ref
        node = self.doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    @staticmethod
    def escape(part):
        return part.replace("~", "~0").replace("/", "~1")

    def operation(self, method, target):
        """(template, operation) for a request target such as /api/v1/sessions/x?y=z, or None."""
        path = target.split("?", 1)[0]
        if not path.startswith(self.base_path + "/"):
            return None
        segments = path[len(self.base_path) + 1:].split("/")
        for template, parts, item in self.templates:
            if len(parts) != len(segments) or method.lower() not in item:
                continue
            if all((p.startswith("{") and s != "") or p == s for p, s in zip(parts, segments)):
                return template, item[method.lower()]
        return None

    def validate(self, schema_ref, instance):
        """Errors of `instance` against the schema at the JSON pointer `schema_ref` of the document."""
        root = dict(self.doc)
        root["$ref"] = schema_ref
        validator = OAS31Validator(root, format_checker=oas31_format_checker)
        return ["%s at /%s" % (e.message[:200], "/".join(str(p) for p in e.absolute_path))
                for e in validator.iter_errors(instance)]

    def check(self, method, target, response):
        """Why the response does not fit the document (empty when it does)."""
        found = self.operation(method, target)
        if found is None:
            # A path or method the API does not have: the router's JSON 404 (or 405), or 401 when the
            # call carries no valid token (the token is checked before routing: no route probing).
            if response.status not in (401, 404, 405):
                return ["%s %s is no operation of the document, yet answered %d" % (method, target[:80], response.status)]
            ref = "#/components/schemas/Error"
            media_ok = self.media_type(response) == "application/json"
            problems = [] if media_ok else ["Content-Type %r" % response.headers.get("content-type")]
            if response.json is None:
                return problems + ["body is not JSON: %s" % response.short()]
            return problems + self.validate(ref, response.json)
        template, operation = found
        responses = operation["responses"]
        code = str(response.status)
        key = code if code in responses else ("%sXX" % code[0] if "%sXX" % code[0] in responses else
                                              ("default" if "default" in responses else None))
        if key is None:
            return ["status %d is not documented for %s %s (documented: %s)"
                    % (response.status, method, template, ", ".join(sorted(responses)))]
        documented = responses[key]
        pointer = "#/paths/%s/%s/responses/%s" % (self.escape(template), method.lower(), key)
        while "$ref" in documented:
            pointer = documented["$ref"]
            documented = self.pointer(pointer)
        problems = []
        for name, header in documented.get("headers", {}).items():
            header = self.resolve(header)
            value = response.headers.get(name.lower())
            if value is None:
                if header.get("required"):
                    problems.append("header %s missing" % name)
                continue
            if "schema" in header:
                root = dict(self.doc)
                root.update(header["schema"])
                for e in OAS31Validator(root, format_checker=oas31_format_checker).iter_errors(value):
                    problems.append("header %s: %s" % (name, e.message[:200]))
        content = documented.get("content")
        if not content:
            return problems
        media = self.media_type(response)
        if media not in content:
            return problems + ["Content-Type %r is not one of %s" % (response.headers.get("content-type"), list(content))]
        if response.json is None and response.body != b"null":
            return problems + ["body is not JSON: %s" % response.short()]
        schema_ref = "%s/content/%s/schema" % (pointer, self.escape(media))
        return problems + self.validate(schema_ref, response.json)

    @staticmethod
    def media_type(response):
        return (response.headers.get("content-type") or "").split(";")[0].strip().lower()


class Client:
    def __init__(self, api, token, spec):
        parts = urllib.parse.urlsplit(api)
        self.host = parts.hostname
        self.port = parts.port or 443
        self.base = parts.path.rstrip("/")
        self.token = token
        self.spec = spec
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE
        self.validated = 0
        self.mismatches = []  # every response that did not fit the document, helper calls included
        self.unauthorized = {"missing": 0, "invalid": 0}

    def auth(self):
        return {"Authorization": "Bearer " + self.token}

    def call(self, method, path, headers=None, body=None, auth=True):
        """One request on a new connection. `path` is appended raw to the API's base path.
        Returns (response, problems): problems are the ways the response does not fit the document."""
        target = self.base + path
        sent = dict(self.auth() if auth else {})
        sent.update(headers or {})
        connection = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=60)
        try:
            connection.putrequest(method, target, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            elif method in ("POST", "PUT"):
                connection.putheader("Content-Length", "0")
            connection.endheaders()
            if body is not None:
                try:
                    for start in range(0, len(body), 65536):
                        connection.send(body[start:start + 65536])
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError, socket.timeout):
                    pass  # the server answered before reading it all: read that answer
            raw = connection.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
        finally:
            connection.close()
        if response.status == 401:
            self.unauthorized["invalid" if "Authorization" in sent else "missing"] += 1
        problems = self.spec.check(method, target, response)
        self.validated += 1
        self.mismatches += ["%s %s -> %d: %s" % (method, target[:100], response.status, p) for p in problems]
        return response, problems

    def alive(self):
        try:
            response, problems = self.call("GET", "/status")
        except OSError as error:
            return "GET /status failed: %s" % error
        if response.status != 200:
            return "GET /status answered %d" % response.status
        if problems:
            return "GET /status: %s" % "; ".join(problems)
        return None


class Checker:
    def __init__(self, client):
        self.client = client
        self.passed = 0
        self.failed = []

    def report(self, name, failures, detail=""):
        if failures:
            self.failed.append(name)
            print("FAIL  %s: %s" % (name, "; ".join(failures)))
        else:
            self.passed += 1
            print("ok    %s%s" % (name, (" (%s)" % detail) if detail else ""))
        sys.stdout.flush()

    def expect(self, name, method, path, status, headers=None, body=None, auth=True, then=None, hostile=False):
        """One request; `status` an int or a tuple of acceptable codes; `then(response)` returns
        further failures. Hostile checks also need the server to answer GET /status with 200 after."""
        wanted = status if isinstance(status, tuple) else (status,)
        failures = []
        response = None
        try:
            response, problems = self.client.call(method, path, headers=headers, body=body, auth=auth)
            if response.status not in wanted:
                failures.append("got %d, expected %s: %s" % (response.status, "/".join(map(str, wanted)), response.short()))
            failures += ["OpenAPI: " + p for p in problems]
            if then is not None and response.status in wanted:
                failures += then(response) or []
        except (OSError, http.client.HTTPException) as error:
            failures.append("request failed: %r" % error)
        if hostile:
            down = self.client.alive()
            if down:
                failures.append("server not serving afterwards: " + down)
        detail = "%d" % response.status if response is not None else ""
        if response is not None and response.status >= 400 and isinstance(response.json, dict):
            error = response.json.get("error", {})
            detail += " %s: %s" % (error.get("code"), str(error.get("message"))[:80])
        self.report(name, failures, detail)
        return response


def q(value):
    return urllib.parse.quote(value, safe="")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="base URL, e.g. https://127.0.0.1:8444/api/v1")
    parser.add_argument("--token", required=True)
    parser.add_argument("--openapi", required=True, help="docs/openapi.yaml")
    parser.add_argument("--imsi", required=True, help="a subscriber the HSS knows")
    parser.add_argument("--session", help="Class of a live session of --imsi whose AP answers Disconnect-Requests")
    parser.add_argument("--unknown-imsi", default=UNKNOWN_IMSI, help="an IMSI the HSS does not know")
    args = parser.parse_args()

    spec = Spec(args.openapi)
    client = Client(args.api, args.token, spec)
    check = Checker(client)
    imsi = args.imsi

    # -- The document itself ------------------------------------------------------------------
    check.report("openapi document is valid OpenAPI 3.1", spec.problems_with_document())
    wrong = "x" + args.token[1:] if args.token[:1] != "x" else "y" + args.token[1:]

    # -- Every endpoint -----------------------------------------------------------------------
    def services_up(response):
        states = {s["service"]: s["state"] for s in response.json["services"]}
        return [] if states.get("twag-admin") == "up" and states.get("aaa-core") == "up" else ["services: %s" % states]

    check.expect("GET status", "GET", "/status", 200, then=services_up)
    check.expect("GET sessions", "GET", "/sessions", 200)

    def only_imsi(response):
        failures = ["session of %s listed" % s["imsi"] for s in response.json["sessions"] if s["imsi"] != imsi]
        if args.session and args.session not in [s["session_class"] for s in response.json["sessions"]]:
            failures.append("session %s not listed" % args.session)
        return failures

    check.expect("GET sessions?imsi", "GET", "/sessions?imsi=%s" % imsi, 200, then=only_imsi)
    now = datetime.now(timezone.utc)
    since = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    until = (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.123Z")
    every = "imsi=%s&ap=127.0.0.1&state=live&since=%s&until=%s&limit=5&offset=0" % (imsi, since, until)

    def page_of_five(response):
        failures = [] if response.json["limit"] == 5 and response.json["offset"] == 0 else ["limit/offset not echoed"]
        failures += ["not live: %s" % s["session_class"] for s in response.json["sessions"] if s["status"] == "ended"]
        if args.session and args.session not in [s["session_class"] for s in response.json["sessions"]]:
            failures.append("live session %s not listed" % args.session)
        return failures

    check.expect("GET sessions with every filter", "GET", "/sessions?" + every, 200, then=page_of_five)
    check.expect("GET sessions?state=ended", "GET", "/sessions?state=ended", 200,
                 then=lambda r: ["not ended: %s" % s["session_class"] for s in r.json["sessions"] if s["status"] != "ended"])
    check.expect("GET sessions?limit=1", "GET", "/sessions?limit=1", 200,
                 then=lambda r: [] if len(r.json["sessions"]) <= 1 else ["%d sessions" % len(r.json["sessions"])])
    check.expect("GET sessions?limit=1000&offset=10000000 (bounds)", "GET", "/sessions?limit=1000&offset=10000000", 200,
                 then=lambda r: [] if r.json["sessions"] == [] else ["sessions past the end"])
    offset_since = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.123456") + "%2B01:00"
    check.expect("GET sessions?since with an offset and microseconds", "GET", "/sessions?since=" + offset_since, 200)

    def same_totals(response):
        sessions, _ = client.call("GET", "/sessions?imsi=%s" % imsi)
        return [] if sessions.status == 200 and sessions.json["totals"] == response.json else ["usage differs from sessions' totals"]

    check.expect("GET usage", "GET", "/usage", 200)
    check.expect("GET usage?imsi (= the sessions' totals)", "GET", "/usage?imsi=%s" % imsi, 200, then=same_totals)
    check.expect("GET usage with every filter", "GET", "/usage?" + every, 200)
    check.expect("GET access-points", "GET", "/access-points", 200)
    check.expect("GET clients", "GET", "/clients", 200,
                 then=lambda r: [] if r.json["live"] else ["live false: aaa-core not asked"])
    check.expect("GET diameter/peers", "GET", "/diameter/peers", 200,
                 then=lambda r: [] if any(p["service"] == "aaa-core" and p["peer"]["state"] == "open" for p in r.json["peers"])
                 else ["no open aaa-core peer: %s" % r.short()])

    def redacted(response):
        text = json.dumps(response.json)
        return ["the API token is shown"] if args.token in text else []

    check.expect("GET configuration (secrets redacted)", "GET", "/configuration", 200, then=redacted)
    if args.session:
        check.expect("GET sessions/{class}", "GET", "/sessions/" + args.session, 200,
                     then=lambda r: [] if r.json["session_class"] == args.session and r.json["imsi"] == imsi
                     and r.json["status"] != "ended" else ["not the live session: %s" % r.short()])
        if q(args.session) != args.session:
            check.expect("GET sessions/{percent-encoded class} (as the dashboard's encodeURIComponent sends it)", "GET",
                         "/sessions/" + q(args.session), 200,
                         then=lambda r: [] if r.json["session_class"] == args.session else ["another session"])
    check.expect("GET sessions/{missing class}", "GET", "/sessions/" + MISSING_CLASS, 404)

    json_type = {"Content-Type": "application/json"}

    def diameter(outcome, scheme, code):
        def verify(response):
            r = response.json
            failures = []
            if r["outcome"] != outcome or r.get("result_code") != code or r["scheme"] != scheme:
                failures.append("outcome %s, result_code %s, scheme %s" % (r["outcome"], r.get("result_code"), r["scheme"]))
            if outcome == "success" and r["vector_count"] < 1:
                failures.append("no vector")
            return failures
        return verify

    check.expect("POST diameter/test known IMSI, aka", "POST", "/diameter/test", 200, headers=json_type,
                 body=json.dumps({"imsi": imsi, "scheme": "aka"}).encode(), then=diameter("success", "EAP-AKA", 2001))
    check.expect("POST diameter/test known IMSI, default scheme", "POST", "/diameter/test", 200, headers=json_type,
                 body=json.dumps({"imsi": imsi}).encode(), then=diameter("success", "EAP-AKA'", 2001))
    check.expect("POST diameter/test unknown IMSI", "POST", "/diameter/test", 200, headers=json_type,
                 body=json.dumps({"imsi": args.unknown_imsi, "scheme": "aka_prime"}).encode(),
                 then=diameter("user_unknown", "EAP-AKA'", 5001))
    check.expect("POST sessions/{missing class}/disconnect", "POST", "/sessions/%s/disconnect" % MISSING_CLASS, 404)
    check.expect("POST subscribers/{IMSI without session}/disconnect", "POST",
                 "/subscribers/%s/disconnect" % args.unknown_imsi, 404)

    # -- Hostile input ------------------------------------------------------------------------
    def hostile(name, method, path, status, **kwargs):
        return check.expect("hostile: " + name, method, path, status, hostile=True, **kwargs)

    # Tokens.
    def challenge(response):
        return [] if response.headers.get("www-authenticate", "").lower().startswith("bearer") else ["no Bearer challenge"]

    hostile("no token", "GET", "/sessions", 401, auth=False, then=challenge)
    hostile("no token, POST diameter/test", "POST", "/diameter/test", 401, auth=False, headers=json_type,
            body=json.dumps({"imsi": imsi}).encode(), then=challenge)
    hostile("no token, POST subscribers/{imsi}/disconnect", "POST", "/subscribers/%s/disconnect" % imsi, 401, auth=False)
    hostile("bad token", "GET", "/sessions", 401, auth=False, headers={"Authorization": "Bearer not-the-token-0123456789"},
            then=challenge)
    hostile("token with one character changed", "GET", "/status", 401, auth=False, headers={"Authorization": "Bearer " + wrong})
    hostile("token with a suffix", "GET", "/status", 401, auth=False, headers={"Authorization": "Bearer %s x" % args.token})
    hostile("token prefix only", "GET", "/status", 401, auth=False, headers={"Authorization": "Bearer " + args.token[:-1]})
    hostile("Bearer with an empty token", "GET", "/status", 401, auth=False, headers={"Authorization": "Bearer "})
    hostile("Bearer without a token", "GET", "/status", 401, auth=False, headers={"Authorization": "Bearer"})
    hostile("token without a scheme", "GET", "/status", 401, auth=False, headers={"Authorization": args.token})
    hostile("Basic scheme with the token", "GET", "/status", 401, auth=False,
            headers={"Authorization": "Basic " + base64.b64encode(("admin:" + args.token).encode()).decode()})
    hostile("10 KB token", "GET", "/status", 401, auth=False, headers={"Authorization": "Bearer " + "A" * KB10})
    hostile("token in the query string (access_token)", "GET", "/status?access_token=" + q(args.token), 401, auth=False)
    hostile("token in the query string (token)", "GET", "/sessions?token=" + q(args.token), 401, auth=False)
    # RFC 9110 11.1: the scheme is case-insensitive, so these are valid calls.
    hostile("lowercase scheme 'bearer' (case-insensitive: accepted)", "GET", "/status", 200, auth=False,
            headers={"Authorization": "bearer " + args.token})
    hostile("uppercase scheme 'BEARER' (case-insensitive: accepted)", "GET", "/status", 200, auth=False,
            headers={"Authorization": "BEARER " + args.token})

    # SQL injection: refused by validation, or taken literally (no session matches).
    def nothing_matches(response):
        return [] if response.json["total"] == 0 and response.json["sessions"] == [] else ["injection matched sessions"]

    hostile("SQL injection in imsi", "GET", "/sessions?imsi=" + q("%s' OR '1'='1" % imsi), 400)
    hostile("SQL injection in imsi (numeric)", "GET", "/usage?imsi=" + q("1 OR 1=1"), 400)
    hostile("SQL injection in imsi (stacked)", "GET", "/sessions?imsi=" + q("001010000000001;DROP TABLE sessions"), 400)
    hostile("SQL injection in ap (quotes, taken literally)", "GET", "/sessions?ap=" + q("'OR'1'='1"), 200, then=nothing_matches)
    hostile("SQL injection in ap (comment, taken literally)", "GET", "/sessions?ap=" + q("127.0.0.1'--"), 200,
            then=nothing_matches)
    hostile("SQL injection in ap (with spaces)", "GET", "/sessions?ap=" + q("127.0.0.1' OR ''='"), 400)
    hostile("SQL injection in the imsi path", "POST", "/subscribers/%s/disconnect" % q("1' OR '1'='1"), 400)
    hostile("SQL injection in the class path", "GET", "/sessions/" + q("x' OR '1'='1"), (400, 404))

    # Overlong values.
    digits = "1" * KB10
    hostile("10 KB imsi", "GET", "/sessions?imsi=" + digits, 400)
    hostile("10 KB ap", "GET", "/sessions?ap=" + "a" * KB10, 400)
    hostile("10 KB since", "GET", "/usage?since=" + digits, 400)
    hostile("10 KB limit", "GET", "/sessions?limit=" + digits, 400)
    hostile("10 KB parameter name", "GET", "/sessions?%s=1" % ("p" * KB10), 400)
    hostile("10 KB unknown parameter on status", "GET", "/status?x=" + "v" * KB10, 400)
    hostile("10 KB class", "GET", "/sessions/" + "c" * KB10, 400)
    hostile("10 KB class, disconnect", "POST", "/sessions/%s/disconnect" % ("c" * KB10), 400)
    hostile("10 KB imsi path, disconnect", "POST", "/subscribers/%s/disconnect" % digits, 400)
    hostile("200-character class", "GET", "/sessions/" + "c" * 200, 400)
    hostile("200-character class, disconnect", "POST", "/sessions/%s/disconnect" % ("c" * 200), 400)

    # Not UTF-8 once percent-decoded.
    hostile("non-UTF-8 imsi", "GET", "/sessions?imsi=%ff%fe", 400)
    hostile("non-UTF-8 ap", "GET", "/sessions?ap=%ff%fe", 400)
    hostile("non-UTF-8 state", "GET", "/usage?state=%ff%fe", 400)
    hostile("non-UTF-8 since", "GET", "/sessions?since=%ff%fe", 400)
    hostile("non-UTF-8 parameter name", "GET", "/sessions?%ff%fe=1", 400)
    hostile("non-UTF-8 parameter on clients", "GET", "/clients?%ff%fe", 400)
    hostile("non-UTF-8 class", "GET", "/sessions/%ff%fe", (400, 404))
    hostile("non-UTF-8 imsi path", "POST", "/subscribers/%ff%fe/disconnect", 400)
    hostile("NUL in class", "GET", "/sessions/%00", (400, 404))

    # Duplicate and unknown parameters.
    hostile("duplicate imsi", "GET", "/sessions?imsi=%s&imsi=%s" % (imsi, imsi), 400)
    hostile("duplicate state (live, ended)", "GET", "/sessions?state=live&state=ended", 400)
    hostile("duplicate limit", "GET", "/sessions?limit=1&limit=1000", 400)
    hostile("duplicate ap on usage", "GET", "/usage?ap=127.0.0.1&ap=127.0.0.2", 400)
    hostile("unknown parameter on sessions", "GET", "/sessions?foo=1", 400)
    hostile("parameter names are case-sensitive", "GET", "/sessions?IMSI=" + imsi, 400)
    hostile("unknown parameter on usage", "GET", "/usage?page=2", 400)
    for path in ("/access-points", "/clients", "/diameter/peers", "/configuration", "/status"):
        hostile("unknown parameter on " + path[1:], "GET", path + "?x=1", 400)
    hostile("unknown parameter on sessions/{class}", "GET", "/sessions/%s?x=1" % (args.session or MISSING_CLASS), 400)
    hostile("unknown parameter on sessions/{class}/disconnect", "POST", "/sessions/%s/disconnect?x=1" % MISSING_CLASS, 400)
    hostile("unknown parameter on subscribers/{imsi}/disconnect", "POST",
            "/subscribers/%s/disconnect?x=1" % args.unknown_imsi, 400)
    hostile("unknown parameter on diameter/test", "POST", "/diameter/test?x=1", 400, headers=json_type,
            body=json.dumps({"imsi": args.unknown_imsi}).encode())

    # Ranges.
    for value in ("0", "-1", "1001", "99999999999", "abc", "1.5", "", "0x10"):
        hostile("limit=%s" % (value or "(empty)"), "GET", "/sessions?limit=" + value, 400)
    for value in ("-1", "10000001", "abc", "99999999999"):
        hostile("offset=%s" % value, "GET", "/sessions?offset=" + value, 400)
    hostile("state=LIVE", "GET", "/sessions?state=LIVE", 400)
    hostile("state=all", "GET", "/usage?state=all", 400)

    # Times.
    later = "2026-12-05T00:00:00Z"
    earlier = "2026-12-04T00:00:00Z"
    hostile("since after until", "GET", "/sessions?since=%s&until=%s" % (later, earlier), 400)
    hostile("since equal to until", "GET", "/usage?since=%s&until=%s" % (earlier, earlier), 400)
    for bad in ("yesterday", "2026-12-04", "2026-12-04T05:33:10", "1796362389", "2026-13-01T00:00:00Z",
                "2026-02-30T00:00:00Z", "2026-12-04T25:00:00Z", "2026-12-04T05:61:00Z", "2026-12-04T05:33:10+0100x",
                "2026-12-04T05:33:10.Z", "2026-12-04T05:33:10Zgarbage", "2026-12-04T05:33:10.123Z' OR '1'='1"):
        hostile("bad date since=%s" % bad, "GET", "/sessions?since=" + q(bad), 400)
    hostile("bad date until", "GET", "/usage?until=" + q("2026-12-32T00:00:00Z"), 400)

    # Paths.
    hostile("path traversal ..%2f..%2fetc", "GET", "/sessions/..%2f..%2fetc", (400, 404))
    hostile("path traversal ..%2f..%2fetc%2fpasswd, disconnect", "POST", "/sessions/..%2f..%2fetc%2fpasswd/disconnect",
            (400, 404))
    hostile("path traversal ../../etc/passwd", "GET", "/sessions/../../etc/passwd", 404)
    hostile("path traversal out of the API", "GET", "/../../../etc/passwd", 404)
    hostile("path traversal %2e%2e", "GET", "/sessions/%2e%2e/%2e%2e/status", 404)
    hostile("unknown endpoint", "GET", "/sessionz", 404)
    hostile("unknown endpoint without a token (401: paths are not revealed)", "GET", "/nothing-here", 401, auth=False)
    hostile("wrong method GET diameter/test", "GET", "/diameter/test", (404, 405))
    hostile("wrong method DELETE sessions", "DELETE", "/sessions", (404, 405))
    hostile("wrong method PUT status", "PUT", "/status", (404, 405), body=b"{}", headers=json_type)

    # Bodies.
    big = json.dumps({"imsi": imsi, "pad": "a" * (1024 * 1024)}).encode()
    hostile("1 MB body", "POST", "/diameter/test", 413, headers=json_type, body=big)
    hostile("1 MB body without a token", "POST", "/diameter/test", 401, headers=json_type, body=big, auth=False)
    hostile("5000-byte body", "POST", "/diameter/test", 413, headers=json_type,
            body=json.dumps({"imsi": imsi, "pad": "a" * 5000}).encode())
    for name, body in (
        ("truncated JSON", b'{"imsi":"%s",' % imsi.encode()),
        ("JSON array", b"[]"),
        ("JSON null", b"null"),
        ("JSON string", b'"001010000000001"'),
        ("imsi as a number", b'{"imsi": 1010000000001}'),
        ("imsi missing", b'{"scheme":"aka"}'),
        ("empty body", b""),
        ("non-UTF-8 body", b'{"imsi":"\xff\xfe"}'),
        ("deeply nested JSON", b"[" * 2000 + b"]" * 2000),
        ("imsi too short", b'{"imsi":"12345"}'),
        ("imsi too long", b'{"imsi":"0010100000000011"}'),
        ("imsi with letters", b'{"imsi":"00101000000000a"}'),
    ):
        hostile("malformed body: " + name, "POST", "/diameter/test", 400, headers=json_type, body=body)
    hostile("wrong content type: form-encoded", "POST", "/diameter/test", 400,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=("imsi=%s&scheme=aka" % imsi).encode())
    hostile("wrong content type: XML", "POST", "/diameter/test", 400, headers={"Content-Type": "text/xml"},
            body=("<test><imsi>%s</imsi></test>" % imsi).encode())
    for scheme in ("md5", "AKA", "", "aka-prime"):
        hostile("unknown scheme %r" % scheme, "POST", "/diameter/test", 400, headers=json_type,
                body=json.dumps({"imsi": imsi, "scheme": scheme}).encode())
    hostile("scheme as a number", "POST", "/diameter/test", 400, headers=json_type,
            body=json.dumps({"imsi": imsi, "scheme": 1}).encode())

    # -- The live session: disconnect it ------------------------------------------------------
    if args.session:
        def acknowledged(response):
            entries = response.json["entries"]
            if [(e["session_class"], e["imsi"], e["outcome"]) for e in entries] != [(args.session, imsi, "ack")]:
                return ["entries: %s" % entries]
            return []

        check.expect("POST sessions/{class}/disconnect (live session: Disconnect-ACK)", "POST",
                     "/sessions/%s/disconnect" % args.session, 200, then=acknowledged)
        failures = []
        status = None
        for _ in range(100):
            response, problems = client.call("GET", "/sessions/" + args.session)
            failures = ["OpenAPI: " + p for p in problems]
            status = response.json.get("status") if response.status == 200 and isinstance(response.json, dict) else None
            if status == "ended" or failures:
                break
            time.sleep(0.1)
        check.report("the disconnected session ended", failures + ([] if status == "ended" else ["status %s" % status]))
        check.expect("POST sessions/{class}/disconnect again (no longer live)", "POST",
                     "/sessions/%s/disconnect" % args.session, 404)

    live, _ = client.call("GET", "/sessions?state=live&limit=1000&imsi=" + imsi)
    live_classes = sorted(s["session_class"] for s in (live.json or {}).get("sessions", []))
    if live_classes:
        check.expect("POST subscribers/{imsi}/disconnect (%d live)" % len(live_classes), "POST",
                     "/subscribers/%s/disconnect" % imsi, 200,
                     then=lambda r: [] if sorted(e["session_class"] for e in r.json["entries"]) == live_classes
                     else ["entries: %s" % r.json["entries"]])
    else:
        check.expect("POST subscribers/{imsi}/disconnect (no live session)", "POST", "/subscribers/%s/disconnect" % imsi, 404)

    down = client.alive()
    check.report("server still serving at the end", [down] if down else [])
    check.report("every response fits the OpenAPI document (%d responses)" % client.validated, client.mismatches)

    print()
    print("%d checks: %d passed, %d failed" % (check.passed + len(check.failed), check.passed, len(check.failed)))
    print("responses validated against the OpenAPI document: %d" % client.validated)
    print("unauthorized refusals: missing=%d invalid=%d" % (client.unauthorized["missing"], client.unauthorized["invalid"]))
    if check.failed:
        print("failed: " + "; ".join(check.failed))
    return 0 if not check.failed else 1


if __name__ == "__main__":
    sys.exit(main())
