"""Stegförflyttning, by its three parts (issue 22 split the former single module):

    services/step_models.py       ladders (step models) and their versions, the active ladder,
                                  rating dimensions — the unit's shared definitions
    services/step_assessments.py  a participant's step assessments, history and chart data
    services/step_figures.py      the figures for a period (types in domain/step_figures.py)

This module only re-exports them for older callers (`from ame_desktop.services import steps`);
new code imports the part it uses.
"""

from __future__ import annotations

from ame_desktop.domain.step_figures import (  # noqa: F401
    DEFINITIONS, GROUP_GENDER, GROUP_LABELS, GROUP_MUNICIPALITY, GROUP_SOURCE, GROUP_TOTAL, NO_SOURCE, GroupFigures,
    StepSummary,
)
from ame_desktop.services.step_assessments import (  # noqa: F401
    RATING_HIGH, RATING_LOW, ChartData, HistoryEntry, add_assessment, assessment_date, assessor_value, chart_data,
    delete_assessment, find_level, first_enrollment_start, get_assessment, history, rating_value, staff_by_name,
    update_assessment,
)
from ame_desktop.services.step_figures import level_distribution, summarize  # noqa: F401
from ame_desktop.services.step_models import (  # noqa: F401
    ACTIVE_SETTING, MAX_LEVELS, MIN_LEVELS, LevelInput, ModelRow, active_model, add_dimension, assessment_counts,
    create_model, current_version, edit_model, get_dimension, get_model, ladders_in_use, levels, list_dimensions,
    list_models, rename_dimension, set_active_model, set_dimension_active, set_model_retired, versions,
)
