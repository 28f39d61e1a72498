"""Signing in to the console through the platform's identity provider, in a real browser (headless Chromium): the
browser opens /console, is sent to the provider's own sign-in page (tests/gateway/fake_idp.py with its login form),
signs in there, comes back through /console/callback and lands on the console's home signed in — the session cookie
set, HttpOnly and SameSite=Strict. A non-staff role comes back to a 403 page and no session cookie.

The console's other browser tests' system runs the services (the same SYSTEM_ENV: one shared system); this module
adds a gateway process of its own configured for the provider (TIANPING_OIDC_*, and the provider's JWKS, audience
and issuer to verify its access tokens) — a second replica of the gateway on the same broker and store, as a
deployment runs several."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from gateway.console.session import SESSION_COOKIE
from tests.conftest import free_port
from tests.gateway.fake_idp import API_AUDIENCE, CLIENT_ID, CLIENT_SECRET, FakeIdp
from tests.integration.test_console import SYSTEM_ENV as CONSOLE
from tianping.runtime.components import ROOT

SYSTEM_ENV = CONSOLE  # the console tests' running system, shared


@pytest.fixture(scope="module")
def idp():
    with FakeIdp() as provider:
        provider.login_form = True
        yield provider


@pytest.fixture(scope="module")
def oidc_gateway(system, idp, tmp_path_factory):
    """The gateway (its container entrypoint) on a port of its own, configured for the provider; its URL."""
    port = free_port()
    env = {**system.env_for(system.component("gateway")), "GATEWAY_PORT": str(port), "METRICS_PORT": "0",
           "TIANPING_OIDC_ISSUER": idp.issuer, "TIANPING_OIDC_CLIENT_ID": CLIENT_ID,
           "TIANPING_OIDC_CLIENT_SECRET": CLIENT_SECRET, "TIANPING_JWT_JWKS_URL": f"{idp.issuer}/jwks",
           "TIANPING_JWT_AUDIENCE": API_AUDIENCE, "TIANPING_JWT_ISSUER": idp.issuer}
    url = f"http://127.0.0.1:{port}"
    idp.redirect_uris.add(f"{url}/console/callback")
    log = Path(tmp_path_factory.mktemp("oidc-gateway")) / "gateway.log"
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "tianping.runtime.entrypoint", "gateway"], cwd=ROOT,
                                   env=env, stdout=out, stderr=out, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not healthy(url):
            assert process.poll() is None, f"the OIDC gateway exited ({process.returncode}): {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"the OIDC gateway did not answer /healthz: {log.read_text()[-2000:]}"
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


def sign_in_at_the_provider(browser, gateway_url: str, idp, sub: str, role: str):
    """/console in a browser with no session: to the provider's sign-in page, where this person signs in."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    browser.get(gateway_url + "/console")
    WebDriverWait(browser, 30).until(expected_conditions.url_contains(f"{idp.issuer}/authorize"))
    assert browser.find_element(By.ID, "idp").text == "Sign in to the platform"
    query = browser.current_url.split("?", 1)[1]
    assert "code_challenge_method=S256" in query and f"client_id={CLIENT_ID}" in query
    browser.find_element(By.NAME, "sub").send_keys(sub)
    browser.find_element(By.NAME, "role").send_keys(role)
    form = browser.find_element(By.TAG_NAME, "form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(expected_conditions.staleness_of(form))


def test_a_reviewer_signs_in_through_the_provider_and_lands_on_the_console_home(oidc_gateway, idp, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    sign_in_at_the_provider(browser, oidc_gateway, idp, "olive", "reviewer")
    WebDriverWait(browser, 30).until(expected_conditions.url_to_be(oidc_gateway + "/console"))  # via the callback
    assert idp.signed_in[-1] == {"sub": "olive", "role": "reviewer"} and idp.exchanges  # the code was exchanged
    assert browser.find_element(By.CSS_SELECTOR, "header form.who span").text.startswith("olive · ")
    assert browser.find_elements(By.CSS_SELECTOR, "td[data-queue='application']")  # a reviewer's home: the queues
    cookie = browser.get_cookie(SESSION_COOKIE)
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/console"
    browser.get(oidc_gateway + "/console/review?kind=listing")  # the session holds on the next page
    assert browser.current_url == oidc_gateway + "/console/review?kind=listing"
    assert browser.find_element(By.CSS_SELECTOR, "header form.who span").text.startswith("olive · ")


def test_a_non_staff_role_is_refused_and_gets_no_session(oidc_gateway, idp, browser):
    from selenium.webdriver.common.by import By

    sign_in_at_the_provider(browser, oidc_gateway, idp, "shop-9", "merchant")
    assert browser.current_url.startswith(oidc_gateway + "/console/callback?")
    assert "403" in browser.title or "403" in browser.find_element(By.TAG_NAME, "main").text
    assert "the console is for staff" in browser.page_source
    assert browser.get_cookie(SESSION_COOKIE) is None
    browser.get(oidc_gateway + "/console")  # still not signed in: back to the provider
    assert browser.current_url.startswith(f"{idp.issuer}/authorize")
