"""Protected identity in the window (issue 24): real widgets driven with pytest-qt."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH
from ame_desktop.domain.models import AuditEntry
from ame_desktop.services import accounts
from ame_desktop.services import protected_identity as pi
from tests.ui_helpers import answer_next_modal

PASSWORD = "hemligt-lösen-1"
PHONE, EMAIL = "070-1740605", "hemliga.s@example.com"
HIDDEN = "Skyddad – visas endast för namngiven personal"


@pytest.fixture
def marked(db):
    from ame_desktop.services import participants as ps

    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    users = {"admin": accounts.sign_in_db(db, "anna", PASSWORD)}
    db.actor = users["admin"]
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH)
        accounts.create_account(s, "Bo Berg", "bo", PASSWORD, ROLE_COACH)
    users["coach"] = accounts.sign_in_db(db, "kerstin", PASSWORD)
    users["named"] = accounts.sign_in_db(db, "bo", PASSWORD)
    db.actor = users["admin"]
    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput("196408233234", "Hemliga", "Skyddsdotter",
                                                           municipality_code="0860", phone=PHONE, email=EMAIL)).id
        other = ps.create_participant(s, ps.ParticipantInput("198503141239", "Öppen", "Person",
                                                             municipality_code="0860", phone="070-1740606")).id
        pi.set_mark(s, pid, "SKYDDAD_FOLKBOKFORING", date(2025, 10, 1), [users["named"].staff_id])
    return db, users, pid, other


def _window(qtbot, db):
    from ame_desktop.ui.main_window import MainWindow

    win = MainWindow(db, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    return win


def _give(reason: str):
    def then(dlg):
        dlg.reason.setEditText(reason)
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    return then


def _read_entries(db, pid):
    with db.reading() as s:
        return [json.loads(d or "{}") for d, in s.execute(sa.select(AuditEntry.details).where(
            AuditEntry.participant_id == pid, AuditEntry.action == "read").order_by(AuditEntry.id))]


def test_an_unnamed_coach_sees_the_fields_replaced_and_the_named_coach_sees_them(qtbot, marked):
    db, users, pid, _other = marked
    db.actor = users["coach"]
    win = _window(qtbot, db)
    answer_next_modal("Öppna", then=_give("Planering av praktik"))
    win.participants.open_participant(pid)
    editor = win.participants.editor
    assert editor.participant_id == pid
    for key in ("phone", "email"):
        assert editor.inputs[key].text() == HIDDEN and editor.inputs[key].isReadOnly()
    from PySide6.QtWidgets import QLineEdit

    assert not [w for w in editor.findChildren(QLineEdit) if PHONE in w.text() or EMAIL in w.text()]
    assert "Skyddad folkbokföring" in editor.protected_label.text() and "Bo Berg" in editor.protected_label.text()
    assert not editor.extract_button.isEnabled()
    assert "Hemliga" not in win.windowTitle()
    assert _read_entries(db, pid)[-1]["skäl"] == "Planering av praktik"
    # Editing another field and saving keeps the stored contact details.
    editor.inputs["first_name"].setText("Hemligare")
    assert editor.save()
    with db.reading() as s:
        stored = s.execute(sa.text("SELECT phone, email FROM participant WHERE id = :i"), {"i": pid}).one()
    assert tuple(stored) == (PHONE, EMAIL)
    win.close()

    db.actor = users["named"]
    db.read_reasons.clear()
    win = _window(qtbot, db)
    answer_next_modal("Öppna", then=_give("Kontakt med personen"))
    win.participants.open_participant(pid)
    editor = win.participants.editor
    assert (editor.inputs["phone"].text(), editor.inputs["email"].text()) == (PHONE, EMAIL)
    assert not editor.inputs["phone"].isReadOnly() and editor.extract_button.isEnabled()


def test_the_reason_is_asked_once_per_person_and_cancel_opens_nothing(qtbot, marked):
    db, users, pid, other = marked
    db.actor = users["coach"]
    win = _window(qtbot, db)
    answer_next_modal("Avbryt")
    win.participants.open_participant(pid)
    editor = win.participants.editor
    assert editor.participant_id is None and editor.inputs["first_name"].text() == ""
    assert _read_entries(db, pid) == []  # nothing was read
    answer_next_modal("Öppna", then=_give("Närvaro och rapport till handläggaren"))
    win.participants.open_participant(pid)
    assert editor.participant_id == pid
    win.participants.open_participant(other)  # an unmarked person: no question
    assert editor.participant_id == other
    win.participants.open_participant(pid)  # the reason is remembered for the session
    assert editor.participant_id == pid
    reasons = [e.get("skäl") for e in _read_entries(db, pid)]
    assert reasons == ["Närvaro och rapport till handläggaren"] * 2


def test_an_empty_reason_is_refused_in_the_dialog(qtbot, marked):
    from ame_desktop.ui.protected_identity import ReasonDialog

    dlg = ReasonDialog(None)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.focusWidget() in (dlg.reason, dlg.reason.lineEdit())  # keyboard first: typing goes to the reason
    dlg.try_accept()
    assert "Skriv varför" in dlg.error.text() and dlg.result() != dlg.DialogCode.Accepted
    qtbot.keyClicks(dlg.reason.lineEdit(), "Samtal om praktik")
    dlg.try_accept()
    assert dlg.result() == dlg.DialogCode.Accepted and dlg.text() == "Samtal om praktik"


def test_a_coach_marks_a_person_in_the_dialog_and_cannot_change_it_after(qtbot, marked):
    from ame_desktop.ui.protected_identity import MarkDialog

    db, users, pid, other = marked
    db.actor = users["coach"]
    dlg = MarkDialog(None, db, other)
    qtbot.addWidget(dlg)
    assert dlg.editable and dlg.remove_button.isHidden()
    dlg.kind.setCurrentIndex(dlg.kind.findData("KVARSKRIVNING"))
    dlg.marked_on.setText("2025-09-01")
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted
    with db.reading() as s:
        mark = pi.get_mark(s, other)
    assert mark.kind == "KVARSKRIVNING" and [n for _i, n in mark.staff] == ["Kerstin Ålund"]  # herself by default
    again = MarkDialog(None, db, other)  # an existing mark: the administrator's to change
    qtbot.addWidget(again)
    assert not again.editable and not again.staff.isEnabled()
    db.actor = users["admin"]
    admin = MarkDialog(None, db, pid)
    qtbot.addWidget(admin)
    assert admin.editable and not admin.remove_button.isHidden()


def test_the_plan_batch_dialog_leaves_them_out_unless_ticked(qtbot, marked, tmp_path):
    from ame_desktop.services import enrollments as es
    from ame_desktop.services import plans
    from ame_desktop.ui.plan_batch import PlanBatchDialog

    db, users, pid, other = marked
    from ame_desktop.domain import codes

    seeking = getattr(codes, "JOB_SEEKING_CATEGORY", 3)
    with db.transaction() as s:
        for p in (pid, other):
            es.add_enrollment(s, p, date(2025, 1, 1))
            plans.save_plan(s, p, plans.PlanContent(
                long_term_goal="Arbete.", participant_commitments=["Delta."], unit_commitments=["Stödja."],
                requirement_hours=40, activities=[plans.PlannedActivity("Eget jobbsökande", seeking,
                                                                          [2, 2, 2, 0, 0, 0, 0])]))
    db.actor = users["coach"]
    dlg = PlanBatchDialog(None, db)
    qtbot.addWidget(dlg)
    dlg.whole_unit.setChecked(True)
    assert "1 person har skyddade personuppgifter och tas inte med" in dlg.count_label.text()
    dlg.target.setText(str(tmp_path / "alla.pdf"))
    dlg.start()
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=10000)
    assert dlg.result.printed == 1 and dlg.result.left_out_protected == 1
    assert "1 person med skyddade personuppgifter togs inte med" in dlg.message.text()
    dlg.result = None
    dlg.include_protected.setChecked(True)
    assert dlg.protected_reason.isEnabled()
    dlg.target.setText(str(tmp_path / "med.pdf"))
    dlg.start()  # no reason yet: refused in the dialog
    assert "Skriv varför" in dlg.error.text() and not (tmp_path / "med.pdf").exists()
    dlg.protected_reason.setText("Planerna till uppföljningsmötet")
    dlg.start()
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=10000)
    assert dlg.result.printed == 2 and dlg.result.left_out_protected == 0


def test_no_window_title_names_the_marked_person(qtbot, marked):
    db, users, pid, other = marked
    db.actor = users["named"]
    win = _window(qtbot, db)
    answer_next_modal("Öppna", then=_give("Kontakt med personen"))
    win.participants.open_participant(pid)
    editor = win.participants.editor
    dialog = editor.show_bookings()  # a child of the window (closed with it)
    assert "Hemliga" not in dialog.windowTitle() and "Skyddsdotter" not in dialog.windowTitle()
    assert "skyddade personuppgifter" in dialog.windowTitle()
    dialog.close()
    win.participants.open_participant(other)
    dialog = editor.show_bookings()  # a child of the window (closed with it)
    assert "Öppen Person" in dialog.windowTitle()  # an unmarked person's title is as before
    dialog.close()
    assert "Hemliga" not in win.windowTitle()
