#!/usr/bin/env python3
"""Checks the monitoring profile's dashboards and alert rules against the metrics the services export.

Run by .ci/check-monitoring from the repository root (python3, standard library only):
  - every JSON file under compose/grafana/dashboards parses, has a uid of its own and unique panel ids;
  - every PromQL expression in them (panel targets, annotations, query variables) and in
    compose/prometheus/rules.yml names only exported metrics.

The catalogue is read from the sources: the names in Shared/ServiceSupport/MetricHelp.swift, plus the
few metrics Shared/ServiceSupport registers directly on the registry (process_*, twag_service_info).
Histograms are the swift-metrics Timers and aggregating Recorders in Services/ and Shared/ (and any
histogram or summary made on the registry directly); Prometheus knows a histogram only as NAME_bucket,
NAME_sum and NAME_count, so those are valid for histograms and the bare NAME is not. Every other metric
is valid exactly as exported: counters keep their names (radius_access_request_count, not ..._total).
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HELP = ROOT / "Shared/ServiceSupport/MetricHelp.swift"
SUPPORT = ROOT / "Shared/ServiceSupport"
SOURCES = [ROOT / "Services", ROOT / "Shared"]
DASHBOARDS = ROOT / "compose/grafana/dashboards"
RULES = ROOT / "compose/prometheus/rules.yml"

# Series Prometheus makes itself for every target; only alert rules may use them.
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                     "scrape_samples_post_metric_relabeling", "scrape_series_added"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or",
            "unless", "atan2", "inf", "nan"}


def fail(message):
    print(f"ci: {message}", file=sys.stderr)
    sys.exit(1)


def catalogue():
    """(names, histograms) as the Swift sources define them."""
    text = HELP.read_text(encoding="utf-8")
    names = set(re.findall(r'^\s*"(' + NAME + r')"\s*:', text, re.MULTILINE))
    if len(names) < 40:
        fail(f"found only {len(names)} metric names in {HELP.relative_to(ROOT)}: has its layout changed?")
    histograms = set()
    direct = re.compile(r'make(\w+)\(\s*descriptor:\s*MetricNameDescriptor\(\s*metricName:\s*"(' + NAME + ')"')
    for path in sorted(SUPPORT.glob("*.swift")):
        for kind, name in direct.findall(path.read_text(encoding="utf-8")):
            names.add(name)
            if "Histogram" in kind or "Summary" in kind:
                histograms.add(name)
    made = re.compile(r'\b(Timer|Recorder)\(\s*label:\s*"(' + NAME + r')"([^)]*)')
    for folder in SOURCES:
        for path in sorted(folder.rglob("*.swift")):
            for kind, name, rest in made.findall(path.read_text(encoding="utf-8")):
                if kind == "Timer" or "aggregate: false" not in rest:
                    histograms.add(name)
    histograms &= names  # a Timer without HELP text fails the Swift tests, not this check
    if not histograms:
        fail("found no histogram (Timer) in the sources: has the metrics code moved?")
    return names, histograms


def metric_names(expr):
    """The metric names a PromQL expression selects (Grafana's $variables removed first)."""
    if "__name__" in expr:
        raise ValueError("selects metrics by __name__ (name them instead, so they can be checked)")
    e = re.sub(r"\$\{[^}]*\}|\$" + NAME + r"|\[\[[^\]]*\]\]", " ", expr)  # Grafana variables
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', e)  # string literals
    e = re.sub(r"\{[^}]*\}", " ", e)  # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)  # ranges and subqueries
    e = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)  # label lists
    names = []
    for match in re.finditer(r"\d[0-9a-zA-Z_.]*|(" + NAME + r")(\s*\()?", e):
        name, call = match.group(1), match.group(2)
        if name is None or call or name.lower() in KEYWORDS:
            continue  # a number or duration, a function or aggregation, a keyword
        names.append(name)
    return names


def unknown_names(expr, names, histograms, extra=frozenset()):
    bad = []
    for name in metric_names(expr):
        if name in extra:
            continue
        if name in histograms:
            bad.append(f"{name} (a histogram: query {name}_bucket, _sum or _count)")
        elif name in names:
            continue
        elif name.endswith(HISTOGRAM_SUFFIXES) and name.rsplit("_", 1)[0] in histograms:
            continue
        else:
            bad.append(name)
    return bad


def dashboard_queries(node, where):
    """(where, expr) of every query in a dashboard: targets, annotations, query variables."""
    if isinstance(node, dict):
        title = node.get("title") or node.get("name")
        here = f"{where} > {title}" if isinstance(title, str) and title else where
        if isinstance(node.get("expr"), str):
            yield here, node["expr"]
        if node.get("type") == "query":  # a template variable: label_values(expr, label) or query_result(expr)
            query = node.get("query")
            query = query.get("query") if isinstance(query, dict) else query
            if isinstance(query, str):
                m = re.match(r"\s*(label_values|query_result)\s*\((.*)\)\s*$", query, re.DOTALL)
                if m and m.group(1) == "query_result":
                    yield here, m.group(2)
                elif m and "," in m.group(2):
                    yield here, m.group(2).rsplit(",", 1)[0]
        for key, value in node.items():
            if key != "expr":
                yield from dashboard_queries(value, here)
    elif isinstance(node, list):
        for value in node:
            yield from dashboard_queries(value, where)


def panel_ids(node):
    if isinstance(node, dict):
        if "gridPos" in node and "id" in node:
            yield node["id"]
        for value in node.values():
            yield from panel_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from panel_ids(value)


def main():
    names, histograms = catalogue()
    problems = []
    files = sorted(DASHBOARDS.rglob("*.json"))
    if not files:
        fail(f"no dashboard under {DASHBOARDS.relative_to(ROOT)}")
    uids = {}
    queries = 0
    for path in files:
        rel = path.relative_to(ROOT)
        try:
            dashboard = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            problems.append(f"{rel}: not valid JSON: {error}")
            continue
        uid = dashboard.get("uid") if isinstance(dashboard, dict) else None
        if not uid:
            problems.append(f"{rel}: no uid (provisioned dashboards need a fixed one)")
        elif uid in uids:
            problems.append(f"{rel}: uid {uid!r} is also {uids[uid]}'s")
        else:
            uids[uid] = rel
        ids = list(panel_ids(dashboard))
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            problems.append(f"{rel}: panel ids used twice: {repeated}")
        for where, expr in dashboard_queries(dashboard, str(rel)):
            queries += 1
            if not expr.strip():
                problems.append(f"{where}: empty expr")
                continue
            try:
                bad = unknown_names(expr, names, histograms)
            except ValueError as error:
                problems.append(f"{where}: {error}\n    {expr}")
                continue
            if bad:
                problems.append(f"{where}: unknown metric(s) {', '.join(bad)}\n    {expr}")
    rules = 0
    if RULES.exists():
        # rules.yml keeps every expression on `expr:` lines, folded (>-) or not; promtool checks the YAML.
        lines = RULES.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"^(\s*)expr:\s*(.*)$", line)
            if not m:
                continue
            indent, expr = len(m.group(1)), m.group(2).strip()
            if expr in (">-", ">", "|", "|-", ""):
                body = []
                for following in lines[i + 1:]:
                    if following.strip() and len(following) - len(following.lstrip()) <= indent:
                        break
                    body.append(following.strip())
                expr = " ".join(body)
            expr = expr.strip("'\"") if expr[:1] in "'\"" and expr[-1:] == expr[:1] else expr
            rules += 1
            try:
                bad = unknown_names(expr, names, histograms, extra=PROMETHEUS_SERIES)
            except ValueError as error:
                problems.append(f"{RULES.relative_to(ROOT)}:{i + 1}: {error}")
                continue
            if bad:
                problems.append(f"{RULES.relative_to(ROOT)}:{i + 1}: unknown metric(s) {', '.join(bad)}\n    {expr}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        fail(f"{len(problems)} problem(s) in the dashboards or alert rules (above); the metrics the services "
             f"export are the names in {HELP.relative_to(ROOT)} (histograms as NAME_bucket/_sum/_count)")
    print(f"monitoring: {len(files)} dashboard(s), {queries} dashboard queries and {rules} alert rules name only "
          f"exported metrics ({len(names)} in the catalogue, {len(histograms)} histograms)")


if __name__ == "__main__":
    main()
