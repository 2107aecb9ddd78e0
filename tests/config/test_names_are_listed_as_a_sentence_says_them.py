"""`|and_list` names things one after another as a sentence does ("briefed for A, B and C"),
escaped like any other variable."""

import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ([], ""),
        (["2026/27 pilot"], "2026/27 pilot"),
        (["Pilot", "Cohort 2"], "Pilot and Cohort 2"),
        (["Pilot", "Cohort 2", "Cohort 3"], "Pilot, Cohort 2 and Cohort 3"),
    ],
)
def test_names_are_joined_with_commas_and_a_last_and(names, said):
    assert Template("{{ names|and_list }}").render(Context({"names": names})) == said


def test_or_can_join_the_last_two_and_names_are_escaped():
    rendered = Template('{{ names|and_list:"or" }}').render(Context({"names": ["<b>A</b>", "B"]}))

    assert rendered == "&lt;b&gt;A&lt;/b&gt; or B"
