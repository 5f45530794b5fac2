"""Individuell plan: the participant's written plan, versioned, printed and signed on paper, by
its three parts (issue 22 split the former single module):

    services/plan_content.py   planinnehåll: the JSON schema, the checks, warnings, a draft from the register
    services/plan_versions.py  versioner: saving a new version, listing and reading them
    services/plan_prints.py    utskrifter: the snapshot, the PDF, reprints, prints in force, batch printing

This module only re-exports them for older callers (`from ame_desktop.services import plans`);
new code imports the part it uses.
"""

from __future__ import annotations

from ame_desktop.services.plan_content import (  # noqa: F401
    DEFAULT_PARTICIPANT_COMMITMENTS, DEFAULT_UNIT_COMMITMENTS, MAX_TEXT, SCHEMA_VERSION, clean_plan,
    current_period, FollowUp, Goal, plan_warnings, PlanContent, PlannedActivity, prefill_from_register, Support,
)
from ame_desktop.services.plan_versions import (  # noqa: F401
    draft_plan, get_version, list_versions, os_user, save_plan, SaveResult, VersionInfo,
)
from ame_desktop.services.plan_prints import (  # noqa: F401
    _UNSAFE, CHART_POINTS, KOMMUN_NAME_EXCEPTIONS, LOGO_ENV, LOGO_MAX_BYTES, SNAPSHOT_FORMAT,
    active_participants, batch_file_name, BatchPerson, BatchResult, build_snapshot, get_print, kommun_name,
    list_prints, logo_file, print_batch, print_in_force, print_participant_plan, print_plan, PrintInfo,
    PrintResult, reprint, snapshot_hash, step_chart, _render_atomically,
)
from ame_desktop.services.demo.plans import make_demo_data  # noqa: F401  (the demo plans: services/demo/plans.py)
