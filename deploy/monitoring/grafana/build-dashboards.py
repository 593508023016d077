#!/usr/bin/env python3
"""Writes DhakaCart's Grafana dashboards (dashboards/*.json). The JSON is generated so every status
panel gets the same green/yellow/red treatment; edit the thresholds here and run the script.
deploy/tests/run.sh fails when the committed JSON differs from what this script writes.

usage: build-dashboards.py [--check]
"""
import json
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parent / "dashboards"
PROM = {"type": "prometheus", "uid": "prometheus"}
LOKI = {"type": "loki", "uid": "loki"}
API = 'job="dhakacart-backend"'


def thresholds(yellow, red, rising=True):
    """Green/yellow/red steps; rising=False when a low value is the bad one (orders per minute)."""
    if rising:
        steps = [("green", None), ("yellow", yellow), ("red", red)]
    else:
        steps = [("red", None), ("yellow", red), ("green", yellow)]
    return {"mode": "absolute", "steps": [{"color": c, "value": v} for c, v in steps]}


class Board:
    def __init__(self, uid, title, description):
        self.uid, self.title, self.description = uid, title, description
        self.panels, self.x, self.y, self.row_h = [], 0, 0, 0
        self.variables = []

    def place(self, w, h):
        if self.x + w > 24:
            self.x, self.y = 0, self.y + self.row_h
            self.row_h = 0
        pos = {"x": self.x, "y": self.y, "w": w, "h": h}
        self.x += w
        self.row_h = max(self.row_h, h)
        return pos

    def add(self, panel, w, h):
        panel["id"] = len(self.panels) + 1
        panel["gridPos"] = self.place(w, h)
        self.panels.append(panel)

    def stat(self, title, expr, unit, yellow, red, rising=True, description="", decimals=None):
        defaults = {"unit": unit, "color": {"mode": "thresholds"}, "thresholds": thresholds(yellow, red, rising),
                    "noValue": "no data"}
        if decimals is not None:
            defaults["decimals"] = decimals
        self.add({
            "type": "stat", "title": title, "description": description, "datasource": PROM,
            "targets": [{"refId": "A", "datasource": PROM, "expr": expr, "instant": True}],
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"colorMode": "background", "graphMode": "area", "justifyMode": "center",
                        "textMode": "value", "orientation": "auto",
                        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}},
        }, 4, 5)

    def timeseries(self, title, targets, unit, yellow=None, red=None, w=12):
        defaults = {"unit": unit, "custom": {"lineWidth": 1, "fillOpacity": 10}}
        if yellow is not None:
            defaults["thresholds"] = thresholds(yellow, red)
            defaults["custom"]["thresholdsStyle"] = {"mode": "line"}
        self.add({
            "type": "timeseries", "title": title, "datasource": PROM,
            "targets": [{"refId": chr(65 + i), "datasource": PROM, "expr": e, "legendFormat": legend}
                        for i, (e, legend) in enumerate(targets)],
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}},
        }, w, 8)

    def logs(self, title, expr, time_from=None, description=""):
        panel = {
            "type": "logs", "title": title, "description": description, "datasource": LOKI,
            "targets": [{"refId": "A", "datasource": LOKI, "expr": expr, "queryType": "range"}],
            "options": {"showTime": True, "wrapLogMessage": True, "sortOrder": "Descending",
                        "enableLogDetails": True, "prettifyLogMessage": False},
        }
        if time_from:
            panel["timeFrom"] = time_from
        self.add(panel, 24, 12)

    def json(self):
        return {
            "uid": self.uid, "title": self.title, "description": self.description,
            "tags": ["dhakacart"], "timezone": "browser", "schemaVersion": 39, "version": 1,
            "editable": False, "refresh": "30s", "time": {"from": "now-6h", "to": "now"},
            "templating": {"list": self.variables}, "annotations": {"list": []},
            "panels": self.panels,
        }


def shop():
    b = Board("dhakacart-shop", "DhakaCart — Shop", "Is the shop healthy and selling? Green is fine, yellow needs "
              "a look, red matches a firing alert.")
    b.stat("CPU (busiest API instance)", f"max(process_cpu_usage{{{API}}})", "percentunit", 0.7, 0.85,
           "CPU of the busiest API instance; alert ApiHighCpu at 85% for 10 min.")
    b.stat("Memory (heap, busiest API instance)",
           f"max(sum by (instance) (jvm_memory_used_bytes{{{API}, area=\"heap\"}}) / "
           f"sum by (instance) (jvm_memory_max_bytes{{{API}, area=\"heap\"}} > 0))",
           "percentunit", 0.75, 0.9, "Heap in use against the heap limit.")
    b.stat("Latency p99", "dhakacart:http_latency_seconds:p99_5m", "s", 0.1, 0.5,
           description="99th percentile over 5 min; alert ApiHighLatencyP99 at 500 ms.")
    b.stat("Requests per second", "dhakacart:http_requests:rate5m", "reqps", 20000, 40000,
           description="All API instances together; yellow and red mark the capacity planned for.")
    b.stat("Errors (5xx share)", "dhakacart:http_errors:ratio_rate5m", "percentunit", 0.01, 0.02,
           description="Server errors among all requests; alert ApiHighErrorRate at 2%.")
    b.stat("Orders per minute", "dhakacart:orders_placed:per_minute", "short", 10, 1, rising=False,
           description="Red when nobody has ordered for a while: in trading hours that means a broken checkout.",
           decimals=1)
    b.timeseries("Requests per second by route", [
        (f"sum by (uri) (rate(http_server_requests_seconds_count{{{API}}}[5m]))", "{{uri}}")], "reqps")
    b.timeseries("Latency p99 by route", [
        (f"histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{{{API}}}[5m])))",
         "{{uri}}")], "s", 0.1, 0.5)
    b.timeseries("Errors per second by route and status", [
        (f"sum by (uri, status) (rate(http_server_requests_seconds_count{{{API}, status=~\"5..\"}}[5m]))",
         "{{uri}} {{status}}")], "reqps")
    b.timeseries("Database connections (HikariCP)", [
        (f"sum(hikaricp_connections_active{{{API}}})", "active"),
        (f"sum(hikaricp_connections_pending{{{API}}})", "waiting")], "short")
    b.timeseries("Revenue per hour (BDT)", [
        (f"sum(rate(dhakacart_revenue_bdt_total{{{API}}}[1h])) * 3600", "BDT / hour")], "short")
    b.timeseries("API instances up", [(f"sum(up{{{API}}})", "up")], "short")
    return b


def dr():
    b = Board("dhakacart-dr", "DhakaCart — Disaster recovery", "Backups, WAL streaming and the last restore "
              "drill. RPO and RTO are measured by the drill, not estimated.")
    b.stat("Backup age", "dhakacart:dr_backup_age_seconds", "s", 86400, 90000,
           description="Time since the newest base backup; alert BackupTooOld at 25 h.")
    b.stat("RPO (orders lost in last drill)", "max(dhakacart_dr_last_drill_rpo_orders)", "short", 1, 10,
           description="Committed orders missing after the last restore drill. Zero is the promise.")
    b.stat("RTO (last drill)", "max(dhakacart_dr_last_drill_rto_seconds)", "s", 300, 1800,
           description="From crash to a healthy API in the last drill. Runbook target: 30-45 min; ours: minutes.")
    b.stat("WAL lag", "max(dhakacart_dr_wal_lag_seconds)", "s", 10, 60,
           description="How far the backup repository's WAL trails the primary; alert WalStreamingLag at 60 s.")
    b.stat("Last drill passed", "min(dhakacart_dr_last_drill_success)", "bool_yes_no", 1, 0.5, rising=False,
           description="1 = the latest backup was restored and verified; alert LastDrillFailed on 0.")
    b.stat("Synchronous WAL", "min(dhakacart_dr_synchronous)", "bool_yes_no", 1, 0.5, rising=False,
           description="1 = commits wait for the backup repository (zero loss); 0 = degraded to asynchronous.")
    b.timeseries("WAL lag", [("max(dhakacart_dr_wal_lag_seconds)", "seconds")], "s", 10, 60)
    b.timeseries("WAL lag (bytes)", [("max(dhakacart_dr_wal_lag_bytes)", "bytes")], "bytes")
    return b


def logs():
    b = Board("dhakacart-logs", "DhakaCart — Logs", "Saved log queries over the API's JSON request lines "
              "(also in deploy/logging/saved-queries.logql).")
    b.variables.append({
        "name": "customer", "label": "Customer (16-hex hash of the email)", "type": "textbox", "query": "",
        "current": {"text": "", "value": ""}, "hide": 0,
        "description": "printf '%s' EMAIL | tr '[:upper:]' '[:lower:]' | sha256sum | cut -c1-16",
    })
    b.logs("Errors in the last hour", '{app="dhakacart-backend"} | json | level="ERROR" or status >= 500',
           time_from="1h", description="Every API request that failed with a 5xx or logged at ERROR.")
    b.logs("Requests from customer $customer",
           '{app="dhakacart-backend"} | json | customer="$customer" | line_format '
           '"{{.ts}} {{.method}} {{.route}} {{.status}} {{.latency_ms}}ms {{.request_id}}"',
           description="Everything one customer did; type the hash of their email above.")
    return b


def main(argv):
    check = "--check" in argv
    stale = []
    for board in (shop(), dr(), logs()):
        path = OUT / f"{board.uid}.json"
        text = json.dumps(board.json(), indent=2, ensure_ascii=False) + "\n"
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
        else:
            path.write_text(text)
    if stale:
        print("out of date: " + ", ".join(stale) + " (run deploy/monitoring/grafana/build-dashboards.py)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
