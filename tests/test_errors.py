"""Errors and hints (gammaflow._errors): where a problem is, all problems at once, the closest known name."""

from __future__ import annotations

from gammaflow.build import FlowError, FlowInvalid
from gammaflow._errors import did_you_mean

NBSP = "\u00a0"


def test_flow_error_text_with_and_without_node():
    """A FlowError reads 'file:line:column: ' then « nœud 'id' : » when it concerns a node, then the message."""
    assert str(FlowError("f.yaml", 3, 7, "problème")) == "f.yaml:3:7: problème"
    assert str(FlowError("f.yaml", 3, 7, "problème", "meteo")) == f"f.yaml:3:7: nœud 'meteo'{NBSP}: problème"


def test_flow_invalid_sorts_errors_and_joins_them():
    """FlowInvalid keeps every error, sorted by place, and its message has one line per error."""
    late = FlowError("f.yaml", 9, 1, "b")
    early = FlowError("f.yaml", 2, 5, "a", "x")
    exc = FlowInvalid([late, early])
    assert exc.errors == [early, late]
    assert str(exc) == f"f.yaml:2:5: nœud 'x'{NBSP}: a\nf.yaml:9:1: b"


def test_did_you_mean():
    """did_you_mean proposes the closest known name, or nothing when none is close."""
    assert did_you_mean("secour", {"secours", "resolu"}) == f" (vouliez-vous dire 'secours'{NBSP}?)"
    assert did_you_mean("zzz", {"secours", "resolu"}) == ""
