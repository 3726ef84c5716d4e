"""The live editor's files on the proposal page (static/dist/live.js, static/css/live.css): only
where the sections can be edited, and CodeMirror's one <style> element let in by the nonce of
that page alone; the strict policy stays as it is everywhere else."""

import re

import pytest

from proposals.models import Proposal
from tests.mile.test_security import STRICT_POLICY, policy
from tests.proposals.factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(als, bob):
    return make_proposal(als, by=bob)


def test_the_editable_page_loads_the_editor_with_the_style_nonce_of_its_policy(
    login, bob, proposal
):
    response = login(bob).get(f"/proposals/{proposal.pk}/")

    html = response.content.decode()
    header = policy(response["Content-Security-Policy"])
    nonce = re.search(r'<script src="/static/dist/live\.js" nonce="([^"]+)" defer>', html)
    assert nonce is not None
    assert header == {**STRICT_POLICY, "style-src": ["'self'", f"'nonce-{nonce[1]}'"]}
    assert '<link rel="stylesheet" href="/static/css/live.css">' in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_page_that_can_not_be_edited_loads_no_editor_and_keeps_the_strict_policy(
    login, bob, proposal
):
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)

    response = login(bob).get(f"/proposals/{proposal.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "live.js" not in html and "live.css" not in html
    assert policy(response["Content-Security-Policy"]) == STRICT_POLICY
