"""The access log: a health probe's poll every 2 s is not logged, unless it fails or at debug level."""

from __future__ import annotations

import logging

ACCESS = "switchboard.server.access"


def test_a_successful_health_poll_is_not_in_the_access_log_but_other_requests_are(api, login, caplog):
    caplog.set_level(logging.INFO, logger=ACCESS)
    for _ in range(3):
        assert api.get("/healthz").status_code == 200
    api.get("/v1/customers/1", headers=login())
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS]
    assert not [line for line in lines if "/healthz" in line], lines
    assert any("GET /v1/customers/1 200" in line for line in lines), lines


def test_at_debug_level_the_health_polls_are_logged_too(api, caplog):
    caplog.set_level(logging.DEBUG, logger=ACCESS)
    api.get("/healthz")
    assert any("GET /healthz 200" in r.getMessage() for r in caplog.records if r.name == ACCESS)
