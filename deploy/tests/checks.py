#!/usr/bin/env python3
"""Static checks on DhakaCart's deployment files: rendered Kubernetes manifests, the Compose file,
Dockerfiles, Terraform and the Grafana dashboards. Each check prints one PASS or FAIL line that
names what it looked at; the exit status is 1 when any check failed. Called by deploy/tests/run.sh.

usage:
  checks.py k8s RENDERED.yaml --overlay NAME
  checks.py schemas RENDERED.yaml --overlay NAME
  checks.py schemas-strict RENDERED.yaml...
  checks.py pins docs/deploy.md
  checks.py compose docker-compose.yml
  checks.py dockerfiles Dockerfile...
  checks.py terraform DIR
  checks.py dashboards DIR
  checks.py logging DIR
  checks.py alerts RULES.yml TESTS.yml...
  checks.py live-api BASE_URL API.log DR_SOURCE_DIR
"""
import hashlib
import json
import pathlib
import re
import sys
import urllib.error
import urllib.request

import yaml

NAMESPACE = "dhakacart"
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet"}
BATCH_KINDS = {"CronJob", "Job"}
POSTGRES_PORT = 5432
# Who may open a SQL connection to the database: the API and the restore drill (it compares the
# restored copy with the live database). The database's own instances replicate to each other.
DB_CLIENT_APPS = {"dhakacart-backend", "dhakacart-dr-drill"}
CLUSTER_SCOPED = {"Namespace", "StorageClass", "ClusterIssuer", "ClusterSecretStore", "GatewayClass"}
BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io"
# The helm release name docs/deploy.md installs kube-prometheus-stack under; its Prometheus selects
# PodMonitors and PrometheusRules carrying release=<that name>.
PROMETHEUS_RELEASE = "kube-prometheus-stack"


class Report:
    """Collects PASS/FAIL lines for one run."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.failed = 0

    def check(self, name, problems, ok_detail):
        if problems:
            self.failed += 1
            print(f"FAIL {self.prefix}{name}: " + "; ".join(problems))
        else:
            print(f"PASS {self.prefix}{name}: {ok_detail}")


# --- Kubernetes --------------------------------------------------------------------------------------

def pod_spec(obj):
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind in WORKLOAD_KINDS or kind == "Job":
        return (spec.get("template") or {}).get("spec") or {}
    if kind == "CronJob":
        return (((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec") or {}
    return None


def pod_labels(obj):
    spec = obj.get("spec") or {}
    if obj.get("kind") == "CronJob":
        spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    return ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}


def containers(obj):
    spec = pod_spec(obj) or {}
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        yield c


def ref(obj, container=None):
    name = f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
    return f"{name}[{container['name']}]" if container else name


def selector_matches(selector, labels):
    """True when a Kubernetes label selector selects a pod with these labels."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def image_is_pinned(image):
    if "@sha256:" in image:
        return True
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return False
    tag = last.rsplit(":", 1)[1]
    return tag not in ("latest", "") and bool(re.search(r"\d", tag))


def check_k8s(docs, overlay):
    r = Report(f"[k8s {overlay}] ")
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d.get("kind"), []).append(d)
    pod_owners = [d for d in docs if d.get("kind") in WORKLOAD_KINDS | BATCH_KINDS]
    long_running = [d for d in pod_owners if d.get("kind") in WORKLOAD_KINDS]
    all_containers = [(d, c) for d in pod_owners for c in containers(d)]

    problems = []
    for d in long_running:
        for c in (pod_spec(d).get("containers") or []):
            missing = [p for p in ("livenessProbe", "readinessProbe", "startupProbe") if p not in c]
            if missing:
                problems.append(f"{ref(d, c)} lacks {', '.join(missing)}")
    r.check("probes", problems, f"every container of {len(long_running)} long-running workloads has "
                                "liveness, readiness and startup probes")

    problems = []
    for d, c in all_containers:
        res = c.get("resources") or {}
        for part in ("requests", "limits"):
            for what in ("cpu", "memory"):
                if what not in (res.get(part) or {}):
                    problems.append(f"{ref(d, c)} has no {part}.{what}")
    r.check("resources", problems, f"{len(all_containers)} containers have cpu and memory requests and limits")

    problems = []
    for d, c in all_containers:
        pod_sc = pod_spec(d).get("securityContext") or {}
        sc = c.get("securityContext") or {}
        non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
        uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
        if non_root is not True:
            problems.append(f"{ref(d, c)} does not set runAsNonRoot: true")
        if uid == 0:
            problems.append(f"{ref(d, c)} runs as uid 0")
        if sc.get("privileged"):
            problems.append(f"{ref(d, c)} is privileged")
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{ref(d, c)} does not set allowPrivilegeEscalation: false")
    r.check("non-root", problems, f"{len(all_containers)} containers run as non-root without privilege escalation")

    problems = []
    images = set()
    for d, c in all_containers:
        images.add(c.get("image", ""))
        if not image_is_pinned(c.get("image", "")):
            problems.append(f"{ref(d, c)} uses unpinned image '{c.get('image', '')}'")
    for cl in by_kind.get("Cluster", []):
        image = (cl.get("spec") or {}).get("imageName", "")
        images.add(image)
        if not image_is_pinned(image):
            problems.append(f"{ref(cl)} uses unpinned image '{image}'")
    r.check("pinned images", problems, "no latest or untagged image among " + ", ".join(sorted(images)))

    def find(kind, name):
        return next((d for d in by_kind.get(kind, []) if d["metadata"]["name"] == name), None)

    problems = []
    if not find("Namespace", NAMESPACE):
        problems.append(f"no Namespace {NAMESPACE}")
    for d in docs:
        if d.get("kind") not in CLUSTER_SCOPED and d["metadata"].get("namespace") != NAMESPACE:
            problems.append(f"{ref(d)} is not in namespace {NAMESPACE}")
    for name, replicas in (("dhakacart-backend", 3), ("dhakacart-frontend", 2)):
        dep = find("Deployment", name)
        if not dep:
            problems.append(f"no Deployment {name}")
            continue
        if dep["spec"].get("replicas") != replicas:
            problems.append(f"Deployment {name} has {dep['spec'].get('replicas')} replicas, runbook says {replicas}")
        if pod_labels(dep).get("app") != name:
            problems.append(f"pods of {name} lack label app={name} (runbook: kubectl logs -l app={name})")
    svc = find("Service", "dhakacart-backend-service")
    if not svc:
        problems.append("no Service dhakacart-backend-service")
    elif (svc["spec"].get("selector") or {}).get("app") != "dhakacart-backend":
        problems.append("Service dhakacart-backend-service does not select app=dhakacart-backend")
    if not find("ConfigMap", "dhakacart-config"):
        problems.append("no ConfigMap dhakacart-config")
    external = [e for e in by_kind.get("ExternalSecret", [])
                if ((e.get("spec") or {}).get("target") or {}).get("name") == "dhakacart-secrets"]
    if not find("Secret", "dhakacart-secrets") and not external:
        problems.append("no Secret dhakacart-secrets (nor an ExternalSecret that makes it)")
    if not by_kind.get("PersistentVolumeClaim") and not any(
            (d.get("spec") or {}).get("volumeClaimTemplates") for d in by_kind.get("StatefulSet", [])):
        problems.append("no PersistentVolumeClaim")
    r.check("runbook names", problems, "namespace dhakacart, dhakacart-backend x3 and dhakacart-frontend x2 "
                                       "(label app=...), dhakacart-backend-service, dhakacart-config, "
                                       "dhakacart-secrets, PVCs")

    problems = []
    for name in ("dhakacart-backend", "dhakacart-frontend"):
        dep = find("Deployment", name)
        if not dep:
            problems.append(f"no Deployment {name}")
            continue
        hpas = [h for h in by_kind.get("HorizontalPodAutoscaler", [])
                if h["spec"]["scaleTargetRef"].get("kind") == "Deployment"
                and h["spec"]["scaleTargetRef"].get("name") == name]
        if not hpas:
            problems.append(f"no HPA targets {name}")
        for h in hpas:
            metrics = h["spec"].get("metrics") or []
            if not any(m.get("type") == "Resource" and m["resource"]["name"] == "cpu" for m in metrics):
                problems.append(f"HPA {h['metadata']['name']} does not scale on CPU")
            if overlay == "prod" and name == "dhakacart-backend" and not any(m.get("type") == "Pods" for m in metrics):
                problems.append(f"HPA {h['metadata']['name']} does not scale on request rate in prod")
            if h["spec"].get("minReplicas", 1) < dep["spec"].get("replicas", 1):
                problems.append(f"HPA {h['metadata']['name']} may scale {name} below its {dep['spec']['replicas']} replicas")
        pdbs = [p for p in by_kind.get("PodDisruptionBudget", [])
                if selector_matches(p["spec"].get("selector"), pod_labels(dep))]
        if not pdbs:
            problems.append(f"no PodDisruptionBudget selects {name}'s pods")
        strategy = dep["spec"].get("strategy") or {}
        if (strategy.get("rollingUpdate") or {}).get("maxUnavailable") != 0:
            problems.append(f"{name} rolling update does not set maxUnavailable: 0")
        spec = pod_spec(dep)
        if not all((c.get("lifecycle") or {}).get("preStop") for c in spec.get("containers") or []):
            problems.append(f"{name} has a container without a preStop drain pause")
    r.check("autoscaling and disruption", problems, "both Deployments have an HPA on CPU"
            + (" (the API's also on request rate)" if overlay == "prod" else "")
            + " and a PDB, and roll with maxUnavailable 0 and a preStop drain")

    problems = []
    # The live database; other Clusters (a point-in-time side copy) are checked for backups and WAL below.
    clusters = [c for c in by_kind.get("Cluster", []) if c["metadata"]["name"] == "dhakacart-db"]
    if not clusters:
        problems.append("no CloudNativePG Cluster dhakacart-db")
    for cl in clusters:
        spec = cl.get("spec") or {}
        if spec.get("instances") != 3:
            problems.append(f"{ref(cl)} has {spec.get('instances')} instances, not 3")
        sync = (spec.get("postgresql") or {}).get("synchronous") or {}
        if (sync.get("number") or spec.get("minSyncReplicas") or 0) < 1:
            problems.append(f"{ref(cl)} has no synchronous replica")
    r.check("database HA", problems, "CloudNativePG cluster of 3 instances with a synchronous replica")

    r.check("database backups", backup_problems(by_kind, clusters),
            "dhakacart-db archives WAL through the Barman Cloud Plugin to an S3 ObjectStore in this render, "
            "a ScheduledBackup takes base backups with it, and a recovering Cluster never archives into "
            "the archive it recovers from")
    drill = embedded_drill_cluster(by_kind)
    r.check("restore drill", drill_problems(by_kind, clusters, drill),
            "the CronJob dhakacart-db-drill restores into a scratch Cluster (ConfigMap dhakacart-drill) that reads "
            "the live cluster's archive and never archives itself")
    r.check("pg_wal bound", wal_bound_problems(by_kind.get("Cluster", []) + ([drill] if drill else [])),
            "on every Cluster wal_keep_size + max_slot_wal_keep_size + max_wal_size stays under 75% of walStorage")
    r.check("data nodes", data_node_problems(by_kind.get("Cluster", []) + ([drill] if drill else []), overlay),
            "every Cluster tolerates the data node group's taint from deploy/terraform/eks.tf"
            + (" and prod pins them there" if overlay.startswith("prod") else ""))
    r.check("storage classes", storage_class_problems(docs, by_kind, overlay),
            "every StorageClass a volume names is in the render" + (", and one is the default (EKS has none)"
                                                                      if overlay.startswith("prod") else ""))
    r.check("tls issuance", tls_problems(by_kind),
            "the Ingress names an Issuer of this render, and the ACME HTTP-01 solver is reachable through the "
            "default deny")
    problems = [f"{ref(d)} lacks label release={PROMETHEUS_RELEASE}, so kube-prometheus-stack ignores it"
                for d in by_kind.get("PodMonitor", []) + by_kind.get("PrometheusRule", [])
                if (d["metadata"].get("labels") or {}).get("release") != PROMETHEUS_RELEASE]
    r.check("monitoring selection", problems, f"{len(by_kind.get('PodMonitor', []) + by_kind.get('PrometheusRule', []))} "
            f"PodMonitors and PrometheusRules carry release={PROMETHEUS_RELEASE}")
    if overlay.startswith("prod"):
        problems = [f"{ref(d)} puts secret data into the render; take it from External Secrets"
                    for d in by_kind.get("Secret", []) if d.get("data") or d.get("stringData")]
        r.check("no secrets", problems, "no Secret with data in the render: every secret comes from External Secrets")
    r.check("database isolation", database_isolation_problems(docs, by_kind, pod_owners),
            "only pods of " + ", ".join(sorted(DB_CLIENT_APPS)) + " (and the database's own instances) "
            "may reach PostgreSQL on 5432; everything else is denied")

    problems = []
    ingresses = by_kind.get("Ingress", [])
    if not ingresses:
        problems.append("no Ingress")
    for ing in ingresses:
        ann = ing["metadata"].get("annotations") or {}
        if ing["spec"].get("ingressClassName") != "nginx":
            problems.append(f"{ref(ing)} is not for ingress-nginx")
        if not ing["spec"].get("tls"):
            problems.append(f"{ref(ing)} has no TLS")
        if not any(k.startswith("cert-manager.io/") for k in ann):
            problems.append(f"{ref(ing)} has no cert-manager issuer annotation")
    r.check("ingress", problems, "ingress-nginx with TLS from cert-manager")
    return r.failed


SIZE_UNITS = {"kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def size_bytes(value):
    """PostgreSQL (MB, GB: powers of 1024 in PostgreSQL, counted here as 1000 to stay on the safe
    side of the bound) and Kubernetes (Gi) sizes in bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kMGT]B|[KMGT]i)?\s*", str(value))
    if not m:
        raise ValueError(f"cannot read size {value!r}")
    unit = m.group(2)
    if unit in ("kB", "MB", "GB", "TB"):
        return float(m.group(1)) * 1024 ** ("kMGT".index(unit[0]) + 1)
    return float(m.group(1)) * SIZE_UNITS.get(unit, 1)


def cluster_plugin(cluster):
    return next((p for p in (cluster["spec"].get("plugins") or []) if p.get("name") == BARMAN_PLUGIN), None)


def backup_problems(by_kind, live_clusters):
    problems = []
    stores = {o["metadata"]["name"]: o for o in by_kind.get("ObjectStore", [])}
    for cl in live_clusters:
        plugin = cluster_plugin(cl)
        if not plugin or not plugin.get("isWALArchiver"):
            problems.append(f"{ref(cl)} archives no WAL (no {BARMAN_PLUGIN} plugin with isWALArchiver)")
            continue
        store = (plugin.get("parameters") or {}).get("barmanObjectName")
        if store not in stores:
            problems.append(f"{ref(cl)} archives to ObjectStore {store!r}, which this render does not create")
        elif not stores[store]["spec"]["configuration"].get("destinationPath", "").startswith("s3://"):
            problems.append(f"ObjectStore/{store} does not point at an S3 bucket")
        if not any((b["spec"].get("cluster") or {}).get("name") == cl["metadata"]["name"]
                   and b["spec"].get("method") == "plugin"
                   and (b["spec"].get("pluginConfiguration") or {}).get("name") == BARMAN_PLUGIN
                   for b in by_kind.get("ScheduledBackup", [])):
            problems.append(f"no ScheduledBackup takes base backups of {ref(cl)} with the {BARMAN_PLUGIN} plugin")
    for cl in by_kind.get("Cluster", []):
        spec = cl["spec"]
        recovery = (spec.get("bootstrap") or {}).get("recovery")
        plugin = cluster_plugin(cl)
        if not recovery or not plugin or not plugin.get("isWALArchiver"):
            continue
        source = next((e for e in spec.get("externalClusters") or [] if e["name"] == recovery.get("source")), None)
        if not source:
            problems.append(f"{ref(cl)} recovers from {recovery.get('source')!r}, which is not among its externalClusters")
            continue
        src = ((source.get("plugin") or {}).get("parameters") or {})
        dst = plugin.get("parameters") or {}

        def archive(store, server):
            path = ((stores.get(store) or {}).get("spec") or {}).get("configuration", {}).get("destinationPath", store)
            return f"{path.rstrip('/')}/{server}"
        source_archive = archive(src.get("barmanObjectName"), src.get("serverName", source["name"]))
        if source_archive == archive(dst.get("barmanObjectName"), dst.get("serverName", cl["metadata"]["name"])):
            problems.append(f"{ref(cl)} would archive into the archive it recovers from ({source_archive}); "
                            "CloudNativePG refuses a non-empty archive: archive to a new prefix or serverName")
    return problems


def embedded_drill_cluster(by_kind):
    """The drill's scratch Cluster, which the CronJob applies from the ConfigMap dhakacart-drill."""
    cm = next((c for c in by_kind.get("ConfigMap", []) if c["metadata"]["name"] == "dhakacart-drill"), None)
    text = ((cm or {}).get("data") or {}).get("cluster.yaml")
    return yaml.safe_load(text) if text else None


def drill_problems(by_kind, live_clusters, drill):
    problems = []
    cron = next((c for c in by_kind.get("CronJob", []) if c["metadata"]["name"] == "dhakacart-db-drill"), None)
    if all(((c["spec"].get("replica") or {}).get("enabled")) for c in live_clusters) and live_clusters and not cron:
        return []  # a replica region: drills run where the primary is
    if not cron:
        problems.append("no CronJob dhakacart-db-drill")
    if not drill:
        return problems + ["no scratch Cluster for the drill (ConfigMap dhakacart-drill, key cluster.yaml)"]
    if cron and not any(drill["metadata"]["name"] in " ".join(c.get("args") or []) for c in containers(cron)):
        problems.append(f"CronJob dhakacart-db-drill does not manage Cluster {drill['metadata']['name']}")
    if cluster_plugin(drill) and cluster_plugin(drill).get("isWALArchiver"):
        problems.append(f"the drill's {ref(drill)} archives WAL: it would write into a backup repository")
    recovery = (drill["spec"].get("bootstrap") or {}).get("recovery") or {}
    source = next((e for e in drill["spec"].get("externalClusters") or [] if e["name"] == recovery.get("source")), None)
    for live in live_clusters:
        plugin = cluster_plugin(live)
        if not plugin or not source:
            problems.append(f"the drill's {ref(drill)} does not recover from an object store")
            continue
        want = ((plugin.get("parameters") or {}).get("barmanObjectName"),
                (plugin.get("parameters") or {}).get("serverName", live["metadata"]["name"]))
        src = (source.get("plugin") or {}).get("parameters") or {}
        got = (src.get("barmanObjectName"), src.get("serverName", source["name"]))
        if got != want:
            problems.append(f"the drill restores {got[0]}/{got[1]}, but {ref(live)} archives to {want[0]}/{want[1]}")
    return problems


def wal_bound_problems(clusters):
    problems = []
    for cl in clusters:
        spec = cl["spec"]
        wal = (spec.get("walStorage") or {}).get("size")
        if not wal:
            continue
        params = (spec.get("postgresql") or {}).get("parameters") or {}
        if "max_slot_wal_keep_size" not in params:
            problems.append(f"{ref(cl)} sets no max_slot_wal_keep_size: a stalled slot can fill pg_wal ({wal})")
            continue
        used = sum(size_bytes(params.get(name, default)) for name, default in
                   (("wal_keep_size", "0"), ("max_slot_wal_keep_size", "0"), ("max_wal_size", "1GB")))
        if used >= 0.75 * size_bytes(wal):
            problems.append(f"{ref(cl)} may keep {used / 2**30:.1f} GiB of WAL (wal_keep_size "
                            f"{params.get('wal_keep_size', 0)} + max_slot_wal_keep_size {params['max_slot_wal_keep_size']}"
                            f" + max_wal_size {params.get('max_wal_size', '1GB')}) on a {wal} walStorage")
    return problems


def terraform_taint():
    text = (pathlib.Path(__file__).resolve().parents[1] / "terraform" / "eks.tf").read_text()
    m = re.search(r'taint\s*{\s*key\s*=\s*"([^"]+)"\s*value\s*=\s*"([^"]+)"\s*effect\s*=\s*"([A-Z_]+)"', text)
    if not m:
        raise ValueError("no taint block in deploy/terraform/eks.tf")
    effect = "".join(w.capitalize() for w in m.group(3).split("_"))
    return m.group(1), m.group(2), effect


def data_node_problems(clusters, overlay):
    key, value, effect = terraform_taint()
    problems = []
    for cl in clusters:
        affinity = cl["spec"].get("affinity") or {}
        if not any(t.get("key") == key and t.get("effect") == effect and (
                t.get("operator") == "Exists" or t.get("value") == value) for t in affinity.get("tolerations") or []):
            problems.append(f"{ref(cl)} does not tolerate the data nodes' taint {key}={value}:{effect}")
        if overlay.startswith("prod") and (affinity.get("nodeSelector") or {}).get(key) != value:
            problems.append(f"{ref(cl)} is not pinned to the data nodes (nodeSelector {key}: {value})")
    return problems


def storage_class_problems(docs, by_kind, overlay):
    classes = {d["metadata"]["name"]: d for d in by_kind.get("StorageClass", [])}
    named = []
    for cl in by_kind.get("Cluster", []):
        for part in ("storage", "walStorage"):
            if (cl["spec"].get(part) or {}).get("storageClass"):
                named.append((ref(cl), cl["spec"][part]["storageClass"]))
    for d in by_kind.get("PersistentVolumeClaim", []):
        if d["spec"].get("storageClassName"):
            named.append((ref(d), d["spec"]["storageClassName"]))
    for d in by_kind.get("StatefulSet", []):
        for t in d["spec"].get("volumeClaimTemplates") or []:
            if t["spec"].get("storageClassName"):
                named.append((ref(d), t["spec"]["storageClassName"]))
    problems = [f"{who} uses StorageClass {name}, which this render does not create" for who, name in named
                if name not in classes]
    if overlay.startswith("prod") and not any(
            (c["metadata"].get("annotations") or {}).get("storageclass.kubernetes.io/is-default-class") == "true"
            for c in classes.values()):
        problems.append("no default StorageClass: volumes that name none stay Pending on EKS")
    return problems


def tls_problems(by_kind):
    problems = []
    for ing in by_kind.get("Ingress", []):
        ann = ing["metadata"].get("annotations") or {}
        for key, kind in (("cert-manager.io/issuer", "Issuer"), ("cert-manager.io/cluster-issuer", "ClusterIssuer")):
            if key in ann and not any(i["metadata"]["name"] == ann[key] for i in by_kind.get(kind, [])):
                problems.append(f"{ref(ing)} asks the {kind} {ann[key]!r} for its certificate; the render has none")
    acme = [i for i in by_kind.get("Issuer", []) + by_kind.get("ClusterIssuer", [])
            if any("http01" in s for s in (((i["spec"].get("acme") or {}).get("solvers")) or []))]
    solver = {"acme.cert-manager.io/http01-solver": "true"}
    if acme and by_kind.get("NetworkPolicy") and any(
            selector_matches(p["spec"].get("podSelector") or {}, solver) and not p["spec"].get("ingress")
            for p in by_kind["NetworkPolicy"]):
        if not any(selector_matches(p["spec"].get("podSelector") or {}, solver) and any(
                covers_port(rule.get("ports"), 8089) and rule.get("from") for rule in p["spec"].get("ingress") or [])
                   for p in by_kind["NetworkPolicy"]):
            problems.append(f"{ref(acme[0])} solves HTTP-01 challenges, but the default deny blocks the solver "
                            "pods (acme.cert-manager.io/http01-solver=true, port 8089)")
    return problems


def covers_port(rule_ports, port):
    if not rule_ports:
        return True
    for p in rule_ports:
        value = p.get("port")
        end = p.get("endPort")
        if value is None or value == port or value == "postgresql" or (
                isinstance(value, int) and end and value <= port <= end):
            return True
    return False


def database_isolation_problems(docs, by_kind, pod_owners):
    problems = []
    db_labels = [{"cnpg.io/cluster": cl["metadata"]["name"], "cnpg.io/podRole": "instance"}
                 for cl in by_kind.get("Cluster", [])]
    if not db_labels:
        return ["no database to protect (no CloudNativePG Cluster)"]
    policies = [p for p in by_kind.get("NetworkPolicy", []) if "Ingress" in (p["spec"].get("policyTypes") or ["Ingress"])]
    for labels in db_labels:
        guarding = [p for p in policies if selector_matches(p["spec"].get("podSelector") or {}, labels)]
        if not guarding:
            problems.append(f"no NetworkPolicy selects the database pods ({labels['cnpg.io/cluster']}): open to all")
            continue
        for p in guarding:
            for i, rule in enumerate(p["spec"].get("ingress") or []):
                if not covers_port(rule.get("ports"), POSTGRES_PORT):
                    continue
                peers = rule.get("from")
                where = f"NetworkPolicy/{p['metadata']['name']} ingress[{i}]"
                if not peers:
                    problems.append(f"{where} lets any source reach port {POSTGRES_PORT}")
                    continue
                for peer in peers:
                    if "ipBlock" in peer or "namespaceSelector" in peer:
                        problems.append(f"{where} lets {json.dumps(peer, sort_keys=True)} from outside the "
                                        f"namespace reach port {POSTGRES_PORT}")
                    elif not (peer.get("podSelector") or {}).get("matchLabels") and not (
                            peer.get("podSelector") or {}).get("matchExpressions"):
                        problems.append(f"{where} lets every pod of the namespace reach port {POSTGRES_PORT}")
        # Which of our own workloads end up allowed on 5432?
        allowed_apps, reachable = set(), set()
        for owner in pod_owners:
            plabels = pod_labels(owner)
            app = plabels.get("app", owner["metadata"]["name"])
            for p in guarding:
                for rule in p["spec"].get("ingress") or []:
                    if covers_port(rule.get("ports"), POSTGRES_PORT) and (
                            not rule.get("from") or any(
                                "podSelector" in peer and "namespaceSelector" not in peer
                                and selector_matches(peer["podSelector"], plabels) for peer in rule["from"])):
                        reachable.add(ref(owner))
                        allowed_apps.add(app)
        for app in sorted(allowed_apps - DB_CLIENT_APPS):
            problems.append(f"pods of app={app} can reach the database")
        present = {pod_labels(o).get("app", o["metadata"]["name"]) for o in pod_owners}
        for app in sorted((DB_CLIENT_APPS & present) - allowed_apps):
            problems.append(f"pods of app={app} cannot reach the database (they need it)")
    return problems


# --- Schemas: every rendered object against the pinned API and CRD schemas -------------------------------

# The schemas come from npm (the kubernetes-models packages, exact versions in package-lock.json), installed
# by `npm ci` in deploy/tests/schemas-npm (run.sh does it). Nothing is vendored: see deploy/k8s/schemas/README.md.
SCHEMAS_NPM = pathlib.Path(__file__).resolve().parent / "schemas-npm"
OUR_SCHEMAS = pathlib.Path(__file__).resolve().parents[1] / "k8s" / "schemas"


class PlainTimestamps(yaml.SafeLoader):
    """YAML as the API server sees it after kubectl's YAML-to-JSON step: an unquoted date stays a string."""


PlainTimestamps.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()}


def validate_with_npm(docs):
    """One result per object from schemas-npm/validate.mjs, or (None, why) when it cannot run."""
    import shutil
    import subprocess
    node = shutil.which("node")
    if not node:
        return None, "node is not installed (apt-get install nodejs npm; deploy/tests/run.sh does)"
    if not (SCHEMAS_NPM / "node_modules").is_dir():
        return None, f"the schema packages are not installed: run 'npm ci' in {SCHEMAS_NPM} (deploy/tests/run.sh does)"
    done = subprocess.run([node, str(SCHEMAS_NPM / "validate.mjs")], input=json.dumps(docs),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        return None, "validate.mjs failed: " + " ".join(done.stderr.strip().splitlines()[-3:])
    results = json.loads(done.stdout)
    if len(results) != len(docs):
        return None, f"validate.mjs answered for {len(results)} of {len(docs)} objects"
    return results, None


def check_schemas(docs, overlay):
    r = Report(f"[k8s {overlay}] ")
    drill = embedded_drill_cluster({"ConfigMap": [d for d in docs if d.get("kind") == "ConfigMap"]})
    docs = docs + ([drill] if drill else [])
    results, why = validate_with_npm(docs)
    if results is None:
        r.check("schemas", [why], "")
        return r.failed
    problems, sources = [], set()
    for d, result in zip(docs, results):
        key = (d.get("apiVersion"), d.get("kind"))
        name = f"{d.get('kind')}/{(d.get('metadata') or {}).get('name')}"
        if result.get("missing"):
            problems.append(f"{name}: no pinned schema for {key[0]} {key[1]} (pin an npm package that models it in "
                            "deploy/tests/schemas-npm, or write its schema in deploy/k8s/schemas)")
            continue
        sources.add(result["source"])
        problems += [f"{name} ({key[0]}): {p[:200]}" for p in result["problems"][:5]]
    r.check("schemas", problems, f"all {len(docs)} objects validate strictly against the pinned schemas "
                                 f"({'; '.join(sorted(sources))})")
    return r.failed


# Fields whose value is a map of free keys: an added key there is an entry, not an unknown field.
MAP_FIELDS = {"labels", "annotations", "matchLabels", "limits", "requests", "data", "stringData", "parameters",
              "nodeSelector"}


def check_schemas_strict(docs, label):
    """The strict check must catch a misspelt field anywhere: plant one in every object of every distinct
    rendered object, at every level, and expect each to be refused: as unexpected, or (in a map of strings
    such as a Service selector) as not a string. Maps that take any key and a number (resources) are skipped."""
    import copy
    r = Report(f"[k8s {label}] ")

    def levels(value, path):
        if isinstance(value, dict):
            yield path
            for key, child in value.items():
                yield from levels(child, path + [key])
        elif isinstance(value, list):
            for i, child in enumerate(value):
                yield from levels(child, path + [i])

    distinct = {}
    for d in docs:
        distinct.setdefault((d.get("kind"), (d.get("metadata") or {}).get("name")), d)
    mutants, where = [], []
    for (kind, name), d in sorted(distinct.items(), key=lambda item: str(item[0])):
        for path in levels(d, []):
            if path and path[-1] in MAP_FIELDS:
                continue
            mutant = copy.deepcopy(d)
            target = mutant
            for key in path:
                target = target[key]
            target["plantedTypo"] = 1
            mutants.append(mutant)
            where.append(f"{kind}/{name} at {'.'.join(map(str, path)) or '(top)'}")
    results, why = validate_with_npm(mutants)
    if results is None:
        r.check("strict schemas", [why], "")
        return r.failed
    missed = [w for w, result in zip(where, results)
              if not any("plantedTypo" in p for p in result.get("problems", []))]
    r.check("strict schemas", [f"an unknown field is not reported in {w}" for w in missed[:10]]
            + ([f"... and {len(missed) - 10} more"] if len(missed) > 10 else []),
            f"an unknown field planted at each of {len(mutants)} places in {len(distinct)} distinct objects "
            "is refused every time")
    return r.failed


def check_pins(doc_path):
    """Every operator and chart the docs install is pinned; the npm schema packages are pinned exactly, and
    each names the operator version it was checked against, which must be the version the docs install."""
    r = Report("[k8s] ")
    text = pathlib.Path(doc_path).read_text()
    installs = [line.strip() for line in re.sub(r"\\\n\s*", " ", text).splitlines()
                if re.search(r"\bhelm (install|upgrade)\b|\bkubectl apply\b.*https://", line)]
    problems = [f"unpinned: {line}" for line in installs
                if ("helm " in line and "--version" not in line)
                or ("https://" in line and not re.search(r"/v?\d+\.\d+\.\d+/", line))]
    package = json.loads((SCHEMAS_NPM / "package.json").read_text())
    lock = json.loads((SCHEMAS_NPM / "package-lock.json").read_text())
    for name, wanted in sorted(package["dependencies"].items()):
        if not re.fullmatch(r"\d+\.\d+\.\d+", wanted):
            problems.append(f"schemas-npm/package.json: {name} {wanted} is a range, pin one version")
        locked = lock.get("packages", {}).get(f"node_modules/{name}", {}).get("version")
        if locked != wanted:
            problems.append(f"schemas-npm/package-lock.json has {name} {locked}, package.json pins {wanted}: run 'npm install'")
    reviewed = package.get("schemasFor", {})
    for name in sorted(set(package["dependencies"]) - {"ajv"} - set(reviewed)):
        problems.append(f"schemas-npm/package.json: schemasFor does not say which installed version {name} stands for")
    for name, entry in sorted(reviewed.items()):
        if name not in package["dependencies"] and not (OUR_SCHEMAS / name).is_file():
            problems.append(f"schemasFor names {name}, which is neither a pinned package nor a schema of ours")
        project, version = entry["project"], entry["version"]
        if "pinnedIn" in entry:  # e.g. the EKS version, which Terraform installs, not a command in the docs
            pinned_in = pathlib.Path(doc_path).resolve().parents[1] / entry["pinnedIn"]
            if not re.search(rf'"{re.escape(version)}"', pinned_in.read_text()):
                problems.append(f"{name} was checked against {project} {version}, but {entry['pinnedIn']} does not pin "
                                f"{version}: re-check the package and update schemasFor")
        elif not any(project in line and re.search(rf"\bv?{re.escape(version)}\b", line) for line in installs):
            problems.append(f"{name} was checked against {project} {version}, but docs/deploy.md installs no "
                            f"{project} {version}: re-check the package (or our schema) and update schemasFor")
    pairs = sorted({(e["project"], e["version"]) for e in reviewed.values()})
    r.check("pinned installs", problems, f"{len(installs)} install commands in docs/deploy.md are pinned, at the "
                                         "versions the schema packages were checked against ("
                                         + ", ".join(f"{p} {v}" for p, v in pairs) + ")")
    return r.failed


# --- Compose -----------------------------------------------------------------------------------------

def check_compose(path):
    r = Report("[compose] ")
    doc = yaml.safe_load(pathlib.Path(path).read_text())
    services = doc.get("services") or {}
    problems = []
    for name in ("backend", "frontend", "db", "redis", "dr-agent", "s3", "prometheus", "alertmanager",
                 "grafana", "loki", "promtail"):
        if name not in services:
            problems.append(f"no service '{name}'")
    expected_containers = {"db": "dhakacart-db", "backend": "dhakacart-backend", "frontend": "dhakacart-frontend"}
    for service, container in expected_containers.items():
        got = (services.get(service) or {}).get("container_name")
        if got != container:
            problems.append(f"service {service} has container_name {got!r}, runbook uses {container!r}")
    db_env = (services.get("db") or {}).get("environment") or {}
    if isinstance(db_env, list):
        db_env = dict(e.split("=", 1) for e in db_env)
    if db_env.get("DHAKACART_DB_NAME") != "dhakacart_db" or db_env.get("DHAKACART_DB_USER") != "dhakacart":
        problems.append("db service does not create role dhakacart and database dhakacart_db "
                        "(runbook: psql -U dhakacart -d dhakacart_db)")
    r.check("runbook names", problems, "services backend, frontend, db (container dhakacart-db, role dhakacart, "
                                       "database dhakacart_db) and the operations stack exist")

    problems = []
    for name, svc in services.items():
        image = svc.get("image")
        if image is None:
            problems.append(f"service {name} has no image name")
        elif not image_is_pinned(re.sub(r"\$\{[^}:]+:-([^}]+)\}", r"\1", image)):
            problems.append(f"service {name} uses unpinned image '{image}'")
    r.check("pinned images", problems, f"{len(services)} services use pinned image tags")

    problems = []
    for name, svc in services.items():
        env = svc.get("environment") or {}
        items = env.items() if isinstance(env, dict) else (e.split("=", 1) if "=" in e else (e, "") for e in env)
        for key, value in items:
            if re.search(r"PASSWORD|SECRET|TOKEN|_KEY$", key) and value and not str(value).startswith("${"):
                problems.append(f"service {name} sets {key} to a literal value; take it from .env")
    r.check("no secrets", problems, "every password, key and token comes from .env")

    problems = []
    for name in ("backend", "frontend", "db", "redis", "dr-agent"):
        svc = services.get(name) or {}
        if "healthcheck" not in svc and name in ("db", "redis"):
            problems.append(f"service {name} has no healthcheck")
        if svc.get("restart") not in ("unless-stopped", "always"):
            problems.append(f"service {name} is not restarted after a crash")
    db_nets = set((services.get("db") or {}).get("networks") or [])
    for name, svc in services.items():
        if name in ("db", "backend", "dr-agent", "postgres-exporter"):
            continue
        if db_nets & set(svc.get("networks") or []):
            problems.append(f"service {name} shares a network with the database")
    r.check("resilience and isolation", problems, "core services restart on crash, db and redis have "
                                                  "health checks, only the API, DR agent and exporter share "
                                                  "the database network")
    return r.failed


# --- Dockerfiles -------------------------------------------------------------------------------------

def dockerfile_instructions(text):
    """Instructions with ${ARG} references replaced by the ARG's default: the base images are build
    arguments (local stand-ins for tests), and what must be pinned is the default the image gets."""
    text = re.sub(r"\\\n", " ", text)
    args = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            word, rest = word.upper(), rest.strip()
            if word == "ARG" and "=" in rest:
                name, _, default = rest.partition("=")
                args[name.strip()] = default.strip().strip('"')
            elif word == "FROM":
                rest = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: args.get(m.group(1), m.group(0)), rest)
            yield word, rest


def check_dockerfiles(paths):
    r = Report("[dockerfile] ")
    for path in paths:
        text = pathlib.Path(path).read_text()
        inst = list(dockerfile_instructions(text))
        froms = [rest for word, rest in inst if word == "FROM"]
        stages = {m.group(1) for f in froms if (m := re.search(r"\bAS\s+(\S+)", f, re.I))}
        problems = []
        if len(froms) < 2:
            problems.append("not a multi-stage build")
        for f in froms:
            image = re.sub(r"^--platform=\S+\s+", "", f).split()[0]
            if image in stages:
                continue
            if not image_is_pinned(image):
                problems.append(f"base image {image} is not pinned to a version tag")
        if not any(w == "RUN" and "mvn" in rest for w, rest in inst):
            problems.append("does not build with Maven")
        last_from = max(i for i, (w, _) in enumerate(inst) if w == "FROM")
        final = inst[last_from:]
        stage_image = {m.group(2): m.group(1) for f in froms
                       if (m := re.search(r"^(?:--platform=\S+\s+)?(\S+)\s+AS\s+(\S+)", f, re.I))}
        runtime_images = [final[0][1].split()[0]] + [
            stage_image.get(m.group(1), m.group(1))
            for w, rest in final if w == "COPY" and (m := re.search(r"--from=(\S+)", rest))]
        if not any(re.search(r"(jre|jdk|temurin)[^:]*:(2[1-9]|[3-9]\d)", img) or
                   re.search(r":(2[1-9]|[3-9]\d)[^/]*-jre", img) for img in runtime_images):
            problems.append("final stage is not a Java 21+ JRE image")
        users = [rest for w, rest in final if w == "USER"]
        if not users:
            problems.append("final stage has no USER")
        elif users[-1].split(":")[0] in ("root", "0"):
            problems.append(f"final stage runs as {users[-1]}")
        if not any(w == "HEALTHCHECK" for w, _ in final):
            problems.append("final stage has no HEALTHCHECK")
        for w, rest in inst:
            if w in ("ENV", "ARG") and re.search(r"(PASSWORD|SECRET|TOKEN|_KEY)\s*=?\s*\S", rest, re.I):
                problems.append(f"{w} {rest} puts a secret into the image")
            if w in ("COPY", "ADD") and re.search(r"(^|\s)(\.env|\S*\.pem|\S*id_rsa|\S*\.key|var/)(\s|$)", rest):
                problems.append(f"{w} {rest} copies secrets or data into the image")
        ignore = pathlib.Path(str(path) + ".dockerignore")
        if not ignore.exists():
            problems.append(f"no {ignore.name} keeping .env and var/ out of the build context")
        else:
            patterns = ignore.read_text().split()
            for must in (".env", "var"):
                if not any(p.strip("/*") == must for p in patterns):
                    problems.append(f"{ignore.name} does not exclude {must}")
        r.check(str(path), problems, f"multi-stage Maven build, pinned bases ({', '.join(froms[i].split()[0] for i in range(len(froms)))}), "
                                     f"Java 21+ JRE runtime, USER {users[-1] if users else '?'}, HEALTHCHECK, no secrets")
    return r.failed


# --- Terraform ---------------------------------------------------------------------------------------

TF_VARIABLES = {"region", "replica_region", "cluster_name", "environment", "kubernetes_version",
                "backup_retention_days"}
TF_OUTPUTS = {"region", "cluster_name", "cluster_endpoint", "kubeconfig_command", "backup_bucket",
              "backup_replica_bucket", "ecr_repository_urls", "dr_agent_role_arn", "vpc_id",
              "data_subnet_ids", "app_secret_name"}
TF_RESOURCES = {"aws_vpc", "aws_subnet", "aws_eks_cluster", "aws_eks_node_group", "aws_s3_bucket",
                "aws_s3_bucket_versioning", "aws_s3_bucket_object_lock_configuration",
                "aws_s3_bucket_replication_configuration", "aws_kms_key", "aws_iam_role", "aws_ecr_repository",
                "aws_eks_pod_identity_association", "aws_secretsmanager_secret"}


def check_terraform(directory):
    r = Report("[terraform] ")
    text = "\n".join(p.read_text() for p in sorted(pathlib.Path(directory).glob("*.tf")))
    variables = set(re.findall(r'^variable\s+"([^"]+)"', text, re.M))
    outputs = set(re.findall(r'^output\s+"([^"]+)"', text, re.M))
    resources = set(re.findall(r'^resource\s+"([^"]+)"', text, re.M))
    problems = [f"no variable {v}" for v in sorted(TF_VARIABLES - variables)]
    problems += [f"no output {o}" for o in sorted(TF_OUTPUTS - outputs)]
    r.check("variables and outputs", problems, f"{len(variables)} variables (region, used by the runbook's "
                                               f"'terraform plan -var=region=us-east-2') and {len(outputs)} outputs")
    problems = [f"no {res}" for res in sorted(TF_RESOURCES - resources)]
    if not re.search(r'object_lock_enabled\s*=\s*true', text):
        problems.append("backup bucket has no Object Lock")
    for actions in re.findall(r'\bactions\s*=\s*\[([^\]]*)\]', text):
        if re.search(r'"([a-z0-9-]+:)?\*"', actions):
            problems.append(f"an IAM policy statement grants wildcard actions: [{actions.strip()}]")
    r.check("resources", problems, "VPC with data subnets, EKS with node groups, versioned and locked S3 backups "
                                   "with cross-region replication, KMS, least-privilege DR role, ECR")
    return r.failed


# --- Grafana and logging -----------------------------------------------------------------------------

DASHBOARD_FIGURES = {
    "CPU": "process_cpu_usage", "Memory": "jvm_memory_used_bytes", "Latency": "dhakacart:http_latency_seconds:p99_5m",
    "Requests": "dhakacart:http_requests:rate5m", "Errors": "dhakacart:http_errors:ratio_rate5m",
    "Orders per minute": "dhakacart:orders_placed:per_minute", "Backup age": "dhakacart:dr_backup_age_seconds",
    "RPO": "dhakacart_dr_last_drill_rpo_orders", "RTO": "dhakacart_dr_last_drill_rto_seconds",
}


def panels(dashboard):
    for p in dashboard.get("panels") or []:
        yield p
        yield from p.get("panels") or []


def check_dashboards(directory):
    r = Report("[grafana] ")
    problems, seen = [], {}
    for path in sorted(pathlib.Path(directory).glob("*.json")):
        board = json.loads(path.read_text())
        for p in panels(board):
            if p.get("type") != "stat":
                continue
            exprs = " ".join(t.get("expr", "") for t in p.get("targets") or [])
            seen[p.get("title", "")] = (path.name, p, exprs)
    for title, metric in DASHBOARD_FIGURES.items():
        match = next(((f, p, e) for t, (f, p, e) in seen.items() if t.startswith(title)), None)
        if not match:
            problems.append(f"no panel '{title}'")
            continue
        f, p, exprs = match
        if metric not in exprs:
            problems.append(f"panel '{title}' in {f} does not query {metric}")
        steps = (((p.get("fieldConfig") or {}).get("defaults") or {}).get("thresholds") or {}).get("steps") or []
        colors = [s.get("color") for s in steps]
        if colors != ["green", "yellow", "red"] and colors != ["red", "yellow", "green"]:
            problems.append(f"panel '{title}' thresholds are {colors}, not green/yellow/red")
    r.check("dashboards", problems, "CPU, memory, latency, requests, errors, orders per minute, backup age, RPO "
                                    "and RTO each have a green/yellow/red panel on a real metric")
    return r.failed


def check_logging(directory):
    r = Report("[logging] ")
    problems = []
    queries = pathlib.Path(directory, "saved-queries.logql").read_text()
    for name in ("errors-last-hour", "requests-from-customer"):
        if f"# name: {name}" not in queries:
            problems.append(f"no saved query {name}")
    if '| json' not in queries or 'customer=' not in queries.replace(" ", ""):
        problems.append("queries do not filter on the JSON log fields")
    board = json.loads(pathlib.Path(directory).parent.joinpath(
        "monitoring", "grafana", "dashboards", "dhakacart-logs.json").read_text())
    exprs = [t.get("expr", "") for p in panels(board) for t in p.get("targets") or []]
    if not any("level" in e and "status" in e for e in exprs):
        problems.append("logs dashboard has no errors query")
    if not any("$customer" in e for e in exprs):
        problems.append("logs dashboard has no per-customer query")
    r.check("saved queries", problems, "'errors in the last hour' and 'requests from customer X' exist as LogQL "
                                       "and as Grafana panels")
    return r.failed


# --- Alert rules -------------------------------------------------------------------------------------

REQUIRED_ALERTS = {"ApiDown", "ApiHighErrorRate", "ApiHighLatencyP99", "ApiHighCpu", "LowDiskSpace",
                   "DatabaseDown", "WalStreamingLag", "BackupTooOld", "LastDrillFailed",
                   # issue 11: off-site RPO, synchronous fallback, CloudNativePG, Redis, certificates
                   "OffsiteWalLag", "SynchronousFallback", "CnpgWalArchiveBehind", "CnpgBackupTooOld",
                   "CnpgSynchronousStandbyMissing", "RestoreDrillOverdue", "RedisMemoryNearLimit",
                   "RedisEvictingKeys", "CertificateExpiringSoon"}


def check_alerts(rules_path, test_paths):
    r = Report("[alerts] ")
    rules = yaml.safe_load(pathlib.Path(rules_path).read_text())
    alerts = {rule["alert"] for g in rules["groups"] for rule in g["rules"] if "alert" in rule}
    fires, quiet = set(), set()
    for path in test_paths:
        for test in yaml.safe_load(pathlib.Path(path).read_text()).get("tests") or []:
            for case in test.get("alert_rule_test") or []:
                (fires if case.get("exp_alerts") else quiet).add(case["alertname"])
    problems = [f"no alert {a}" for a in sorted(REQUIRED_ALERTS - alerts)]
    problems += [f"{a} has no unit test in which it fires" for a in sorted(alerts - fires)]
    problems += [f"{a} has no unit test in which it stays quiet" for a in sorted(alerts - quiet)]
    docs = pathlib.Path(rules_path).resolve().parents[4] / "docs"
    for rule in (rule for g in rules["groups"] for rule in g["rules"] if "alert" in rule):
        link = (rule.get("annotations") or {}).get("runbook")
        if link:
            page, _, anchor = link.partition("#")
            path = docs.parent / page
            headings = {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
                        for h in re.findall(r"^#+ (.+)$", path.read_text(), re.M)} if path.exists() else set()
            if anchor not in headings:
                problems.append(f"{rule['alert']} links to {link}, which does not exist")
    r.check("unit test coverage", problems, f"all {len(alerts)} alerts (API down, error rate, p99 latency, CPU, "
                                            "disk, database down, WAL lag, off-site WAL, synchronous fallback, "
                                            "backup age, drill, CloudNativePG, Redis, certificates) have a firing "
                                            "and a quiet unit test, and their runbook links resolve")
    return r.failed


# --- Live API: what the probes, alerts, dashboards and log queries rely on ---------------------------------

SHOP_METRIC = re.compile(r"\b(http_server_requests_seconds(?:_count|_bucket|_sum)?|process_cpu_usage|jvm_[a-z_]+"
                         r"|hikaricp_[a-z_]+|dhakacart_[a-z_]+)\b")


def http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def referenced_metrics(deploy):
    text = (deploy / "monitoring/prometheus/rules/dhakacart.rules.yml").read_text()
    for board in (deploy / "monitoring/grafana/dashboards").glob("*.json"):
        text += board.read_text()
    return sorted(set(SHOP_METRIC.findall(text)))


def check_live_api(base, log_path, dr_source):
    r = Report("[live api] ")
    deploy = pathlib.Path(__file__).resolve().parents[1]
    problems = []
    for path in ("/health/live", "/health/ready"):
        status, _ = http("GET", base + path)
        if status != 200:
            problems.append(f"GET {path} answered {status}")
    r.check("probe paths", problems, "/health/live and /health/ready answer 200 (liveness, readiness, startup "
                                     "probes and the Dockerfile HEALTHCHECK use them)")

    # Place one order so the counters and the customer field exist, as on a shop that sells.
    email = "Deploy.Check@Example.com"
    status, body = http("GET", base + "/api/products")
    products = json.loads(body).get("data") if status == 200 else None
    order_status = None
    if products:
        p = products[0]
        order_status, order_body = http("POST", base + "/api/orders", {
            "customer_name": "Deploy Check", "customer_email": email, "customer_phone": "01712345678",
            "delivery_address": "House 1, Road 2, Dhanmondi, Dhaka", "total_amount": p["price"],
            "items": [{"product_id": p["id"], "quantity": 1, "price": p["price"]}]})

    status, scrape = http("GET", base + "/actuator/prometheus")
    problems = [] if status == 200 else [f"GET /actuator/prometheus answered {status}"]
    exported = set(re.findall(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", scrape, re.M))
    dr_text = "\n".join(p.read_text() for p in pathlib.Path(dr_source).rglob("*.java"))
    needed = referenced_metrics(deploy)
    for name in needed:
        if name.startswith("dhakacart_dr_"):
            if f'"{name}"' not in dr_text:
                problems.append(f"{name} is queried but the DR agent does not export it")
        elif name not in exported:
            problems.append(f"{name} is queried but the API does not export it")
    for line in scrape.splitlines():
        if line.startswith("http_server_requests_seconds_count{"):
            for label in ("uri=", "status=", "method="):
                if label not in line:
                    problems.append(f"http_server_requests_seconds_count lacks label {label[:-1]}")
            break
    r.check("metric names", problems, f"all {len(needed)} metrics the alert rules and dashboards query are exported "
                                      "(API: live scrape; DR agent: its source)")

    problems = []
    lines = []
    for raw in pathlib.Path(log_path).read_text(errors="replace").splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue
    requests = [l for l in lines if isinstance(l, dict) and "route" in l and "status" in l]
    if not requests:
        problems.append("no JSON request lines on stdout")
    for field in ("ts", "level", "msg", "request_id", "method", "route", "status", "latency_ms"):
        if requests and not all(field in l for l in requests):
            problems.append(f"request lines lack field {field}")
    expected = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]
    if order_status != 201:
        problems.append(f"could not place the test order (status {order_status})")
    elif not any(l.get("customer") == expected and l.get("method") == "POST" for l in requests):
        problems.append(f"the order's request line does not carry customer={expected} "
                        "(sha256 of the lowercased email, first 16 hex)")
    r.check("log fields", problems, "request lines carry level, route, status, latency_ms, request_id and the "
                                    "customer hash the saved LogQL queries filter on")
    return r.failed


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "k8s":
        overlay = args[args.index("--overlay") + 1] if "--overlay" in args else "?"
        docs = [d for d in yaml.safe_load_all(pathlib.Path(args[0]).read_text()) if d]
        failed = check_k8s(docs, overlay)
    elif command == "schemas":
        overlay = args[args.index("--overlay") + 1] if "--overlay" in args else "?"
        docs = [d for d in yaml.load_all(pathlib.Path(args[0]).read_text(), Loader=PlainTimestamps) if d]
        failed = check_schemas(docs, overlay)
    elif command == "schemas-strict":
        docs = [d for path in args for d in yaml.load_all(pathlib.Path(path).read_text(), Loader=PlainTimestamps) if d]
        failed = check_schemas_strict(docs, "all overlays")
    elif command == "pins":
        failed = check_pins(args[0])
    elif command == "compose":
        failed = check_compose(args[0])
    elif command == "dockerfiles":
        failed = check_dockerfiles(args)
    elif command == "terraform":
        failed = check_terraform(args[0])
    elif command == "dashboards":
        failed = check_dashboards(args[0])
    elif command == "logging":
        failed = check_logging(args[0])
    elif command == "live-api":
        failed = check_live_api(args[0], args[1], args[2])
    elif command == "alerts":
        failed = check_alerts(args[0], args[1:])
    else:
        print(f"unknown command {command!r}", file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
