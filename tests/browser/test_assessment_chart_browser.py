"""The self-assessment profile chart is drawn on the 1-5 rating scale, not from 0.

From 0, a rating of 1 (the lowest answer) drew a fifth of a bar and every bar looked
longer than its place on the scale.
"""

from __future__ import annotations

import pytest
from casebook.project import Project
from casebook.validate import validate_project

from .conftest import REPO
from .test_assessment_browser import fill, means, open_page, pattern

pytestmark = pytest.mark.browser


def test_profile_axis_runs_from_1_to_5_and_bars_start_at_1(page, site_url: str) -> None:
    assessment = validate_project(Project(REPO)).content.assessment
    open_page(page, site_url)
    answers = pattern(assessment, 0)
    fill(page, answers)
    chart = page.locator("#cb-sa-profile-body svg").first
    ticks = chart.locator(".cb-sa-axis").all_text_contents()
    assert ticks == ["1", "2", "3", "4", "5"]
    tick_x = chart.locator(".cb-sa-grid").evaluate_all("ls => ls.map(l => Number(l.getAttribute('x1')))")
    bars = chart.locator("rect.cb-sa-bar").evaluate_all(
        "rs => rs.map(r => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))])")
    unit = (tick_x[-1] - tick_x[0]) / 4
    rated = [m for m in means(assessment, answers) if m is not None]
    assert len(bars) == len(rated)
    for (x, width), mean in zip(bars, rated, strict=True):
        assert x == tick_x[0]
        assert width == pytest.approx(max(1, (mean - 1) * unit), abs=0.01)
