"""A local Prometheus beside the system (`make observe`): scrapes every component's metrics port with the alert
rules of deploy/prometheus/rules.yaml. Uses Debian's `prometheus` package when installed; tells how to get it
otherwise."""

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from tianping import SERVICE_NAMES
from tianping.lib import config as cfg
from tianping.runtime import run

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules.yaml"


def config(targets: list[tuple[str, str]], scrape_seconds: float = 5) -> str:
    """Each target labelled with its component as `service` (TianpingComponentAbsent matches on it); honor_labels
    keeps the `service` label the metrics carry themselves."""
    listed = "".join(f'      - {{targets: ["{address}"], labels: {{service: {name}}}}}\n' for name, address in targets)
    return (f"global: {{scrape_interval: {scrape_seconds}s, evaluation_interval: {scrape_seconds}s}}\n"
            f"rule_files: [{RULES}]\n"
            f"scrape_configs:\n  - job_name: tianping\n    honor_labels: true\n    static_configs:\n{listed}")


def targets(settings) -> list[tuple[str, str]]:
    return [(name, f"127.0.0.1:{settings.metrics_port(name)}") for name in (*SERVICE_NAMES, "gateway")
            if settings.metrics_port(name)]


def start(workdir: Path, scrape_targets: list[str], port: int, scrape_seconds: float = 5) -> subprocess.Popen | None:
    """Start Prometheus on 127.0.0.1:`port` with its data in `workdir`; None when it is not installed."""
    binary = shutil.which("prometheus")
    if binary is None:
        return None
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "prometheus.yml").write_text(config(scrape_targets, scrape_seconds))
    log = open(workdir / "prometheus.log", "ab")  # noqa: SIM115 - lives with the child
    proc = subprocess.Popen([binary, f"--config.file={workdir / 'prometheus.yml'}",
                             f"--storage.tsdb.path={workdir / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=1) as answer:
                if answer.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"prometheus did not become ready; see {workdir / 'prometheus.log'}")


def main() -> int:
    """`make observe`: Prometheus on :9090 scraping the ports `make run` uses, then `make run` itself."""

    settings = cfg.settings()
    proc = start(settings.data_dir / "prometheus", targets(settings), 9090)
    if proc is None:
        print("tianping: prometheus is not installed (apt-get install prometheus); starting without it", flush=True)
    else:
        print("tianping: prometheus http://127.0.0.1:9090 (alerts: /alerts, dashboards: deploy/grafana/*.json)",
              flush=True)
    try:
        return run.main()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    raise SystemExit(main())
