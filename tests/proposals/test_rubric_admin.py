"""The rubrics in the admin: saving a rubric's page stores a new version, never changes one;
bad criteria are refused with the reason beside the field, and nothing is stored."""

from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains

from proposals.models import Criterion, RubricVersion

CHANGELIST = "/admin/proposals/rubricversion/"
LANGUAGES = ["en_gb", "pt_pt", "el", "es", "it"]


def erdf() -> RubricVersion:
    return RubricVersion.objects.get(funding_source="erdf", number=1)


def form(funding_source: str, criteria: list[dict], *, initial: list[Criterion] = ()) -> dict:
    """The change form as the admin posts it: each criterion's row (the version's own first)."""
    data = {
        "funding_source": funding_source,
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(initial)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(criteria):
        prefix = f"criteria-{n}-"
        if n < len(initial):
            data[f"{prefix}id"] = str(initial[n].pk)
            data[f"{prefix}version"] = str(initial[n].version_id)
        for language in LANGUAGES:
            data[f"{prefix}name_{language}"] = row.get(f"name_{language}", "")
        for field in ("weight", "scale_min", "scale_max"):
            data[f"{prefix}{field}"] = str(row[field])
        if row.get("DELETE"):
            data[f"{prefix}DELETE"] = "on"
    return data


def rows_of(version: RubricVersion) -> list[dict]:
    return [
        {
            **{f"name_{language}": getattr(c, f"name_{language}") or "" for language in LANGUAGES},
            "weight": c.weight,
            "scale_min": c.scale_min,
            "scale_max": c.scale_max,
        }
        for c in version.criteria.all()
    ]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


class TestVersions:
    def test_the_team_reads_the_rubrics(self, login, dora):
        response = login(dora).get(CHANGELIST)

        assertContains(response, "ERDF (European Regional Development Fund)")
        assert response.context["cl"].result_count == 5

    def test_saving_a_rubric_stores_a_new_version_and_keeps_the_old(self, login, dora):
        old = erdf()
        rows = rows_of(old)
        rows[0]["weight"] = "40"

        response = login(dora).post(
            f"{CHANGELIST}{old.pk}/change/",
            form("erdf", rows, initial=list(old.criteria.all())),
            follow=True,
        )

        new = RubricVersion.objects.get(funding_source="erdf", number=2)
        assert (new.created_by, [c.weight for c in new.criteria.all()]) == (
            dora,
            [Decimal("40"), Decimal("20"), Decimal("20"), Decimal("15"), Decimal("20")],
        )
        assert old.criteria.first().weight == Decimal("25")
        assert new.criteria.first().name_pt_pt == "Relevância para o subtema"
        assert (
            "Stored as version 2 of the rubric of ERDF (European Regional Development Fund): the "
            "review rounds opened from now on score with it; earlier rounds keep the version they "
            "opened with."
        ) in messages_of(response)

    def test_a_criterion_removed_is_left_out_of_the_new_version(self, login, dora):
        old = erdf()
        rows = rows_of(old)
        rows[3]["DELETE"] = True

        login(dora).post(
            f"{CHANGELIST}{old.pk}/change/", form("erdf", rows, initial=list(old.criteria.all()))
        )

        new = RubricVersion.objects.get(funding_source="erdf", number=2)
        assert [c.name for c in new.criteria.all()] == [
            "Relevance to the sub-theme",
            "Partnership and local ownership",
            "Feasibility",
            "Sustainability",
        ]

    def test_a_rubric_is_never_deleted(self, login, dora):
        response = login(dora).post(f"{CHANGELIST}{erdf().pk}/delete/", {"post": "yes"})

        assert response.status_code == 403
        assert RubricVersion.objects.count() == 5


SCALE = "The highest score must be above the lowest."
BAD = [
    ({"weight": "0"}, "weight", "A weight must be greater than 0."),
    ({"weight": "-1"}, "weight", "A weight must be greater than 0."),
    ({"scale_min": "5", "scale_max": "1"}, "scale_max", SCALE),
    ({"scale_min": "3", "scale_max": "3"}, "scale_max", SCALE),
    ({"name_en_gb": ""}, "name_en_gb", "A criterion needs a name."),
]


class TestBadInput:
    @pytest.mark.parametrize(("change", "field", "message"), BAD)
    def test_a_bad_criterion_is_shown_beside_its_field_and_nothing_is_stored(
        self, login, dora, change, field, message
    ):
        old = erdf()
        rows = rows_of(old)
        rows[1].update(change)

        response = login(dora).post(
            f"{CHANGELIST}{old.pk}/change/", form("erdf", rows, initial=list(old.criteria.all()))
        )

        assert response.status_code == 200
        [formset] = response.context["inline_admin_formsets"]
        assert formset.formset.errors[1] == {field: [message]}
        assert (RubricVersion.objects.count(), Criterion.objects.count()) == (5, 25)

    def test_a_rubric_without_a_criterion_is_refused(self, login, dora):
        old = erdf()
        rows = [{**row, "DELETE": True} for row in rows_of(old)]

        response = login(dora).post(
            f"{CHANGELIST}{old.pk}/change/", form("erdf", rows, initial=list(old.criteria.all()))
        )

        [formset] = response.context["inline_admin_formsets"]
        assert formset.formset.non_form_errors() == ["A rubric needs at least one criterion."]
        assert (RubricVersion.objects.count(), Criterion.objects.count()) == (5, 25)

    def test_a_new_rubric_needs_a_criterion_too(self, login, dora):
        response = login(dora).post(f"{CHANGELIST}add/", form("esf", []))

        [formset] = response.context["inline_admin_formsets"]
        assert formset.formset.non_form_errors() == ["A rubric needs at least one criterion."]
        assert RubricVersion.objects.count() == 5

    @pytest.mark.parametrize("role", ["staff_without_permissions", "bob"])
    def test_nobody_else_edits_a_rubric(self, db, login, role, request):
        old = erdf()

        login(request.getfixturevalue(role)).post(
            f"{CHANGELIST}{old.pk}/change/",
            form("erdf", rows_of(old), initial=list(old.criteria.all())),
        )

        assert RubricVersion.objects.count() == 5
