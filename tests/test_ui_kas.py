"""Issue 19 in the window (pytest-qt, offscreen): the exit dialog asks for the job's first day,
the list of work to confirm, the enrollment's municipality, the feriejobb page, and the
export page's drill-down into the feriejobb figures."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.services import summer_jobs as sj
from ame_desktop.ui.main_window import MainWindow
from tests.ui_helpers import answer_next_modal


@pytest.fixture
def people(db):
    with db.transaction() as s:
        a = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg"))
        rs.add_referral(s, a.id, "2025-01-02", "SOC")
        es.add_enrollment(s, a.id, "2025-01-10", None, "6-12")
        b = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg"))
        rs.add_referral(s, b.id, "2025-01-02", "AF")
        es.add_enrollment(s, b.id, "2025-01-10", "2025-09-30", "6-12", "A2")  # due 2025-11-01
        y = ps.create_participant(s, ps.ParticipantInput("20080505-1232", "Ali", "Ek"))
        sj.add_summer_job(s, y.id, sj.SummerJobInput("2025-03-01", "Butik", "PRIVAT", "ICA", "2025-06-16",
                                                     "2025-07-04"))
        z = ps.create_participant(s, ps.ParticipantInput("20090915-8800", "Bea", "Berg"))
        sj.add_summer_job(s, z.id, sj.SummerJobInput("2025-03-05", "Djur"))
    return {"örjan": a.id, "märta": b.id, "ali": y.id, "bea": z.id}


@pytest.fixture
def window(qtbot, db, people):
    win = MainWindow(db, remember_layout=False)
    win.show()
    yield win
    win.participants.editor.revert()
    win.close()
    win.deleteLater()


def test_the_exit_dialog_asks_for_the_first_day_of_work(qtbot, window, people, db):
    page = window.participants
    page.open_participant(people["örjan"])
    ed = page.editor
    ed.tabs.setCurrentIndex(2)
    ed.enrollment_table.selectRow(0)
    seen = {}

    def fill(dlg):
        end, _ = dlg.fields["end_date"]
        reason, _ = dlg.fields["exit_reason"]
        job, _ = dlg.fields["job_start_date"]
        end.setText("2025-10-31")
        reason.setCurrentIndex(reason.findData("D"))
        seen["disabled_for_D"] = not job.isEnabled()
        reason.setCurrentIndex(reason.findData("A1"))
        seen["enabled_for_A1"] = job.isEnabled()
        job.setText("2025-11-03")
        dlg.try_save()

    answer_next_modal("", then=fill)
    ed.close_enrollment()
    assert seen == {"disabled_for_D": True, "enabled_for_A1": True}
    with db.reading() as s:
        e = es.list_enrollments(s, people["örjan"])[0]
    assert (e.exit_reason, e.job_start_date, e.work_confirmed_on, e.municipality_code) == (
        "A1", date(2025, 11, 3), None, "0860")
    assert ed.enrollment_table.item(0, 5).text() == "A ej bekräftat – räknas inte än"
    assert ed.enrollment_table.item(0, 2).text() == "0860"


def test_the_enrollment_dialog_edits_the_municipality(qtbot, window, people, db):
    page = window.participants
    page.open_participant(people["örjan"])
    ed = page.editor
    ed.tabs.setCurrentIndex(2)
    ed.enrollment_table.selectRow(0)

    def fill(dlg):
        muni, _ = dlg.fields["municipality_code"]
        assert muni.currentData() == "0860"
        muni.setCurrentIndex(muni.findData("2260"))
        dlg.try_save()

    answer_next_modal("", then=fill)
    ed.edit_enrollment()
    with db.reading() as s:
        assert es.list_enrollments(s, people["örjan"])[0].municipality_code == "2260"
    assert ed.enrollment_table.item(0, 2).text() == "2260"


def test_work_to_confirm_list_and_start_page_count(qtbot, window, people, db):
    from ame_desktop.ui.work_confirmation_page import WorkConfirmationPage

    # Märta's A2 exit 2025-09-30: first day 2025-10-01, confirmable from 2025-11-01 — overdue now.
    # Counted after the window's first paint (issue 25).
    qtbot.waitUntil(lambda: window.work_label.text() == "Arbete att bekräfta: 1 (försenade: 1)", timeout=5000)
    assert window.nav.item(window.keys.index("confirm-work")).text() == "Bekräfta arbete (1)"
    page = window.show_view("confirm-work")
    assert isinstance(page, WorkConfirmationPage)
    assert page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 6)) == "2025-11-01"
    assert page.model.data(page.model.index(0, 7)).startswith("Uppföljningen försenad")
    page.view.selectRow(0)
    dlg = page.confirm()
    field, _ = dlg.fields["work_confirmed_on"]
    field.setText("2025-10-15")  # too early: refused at the field
    dlg.try_save()
    assert "tidigast 2025-11-01" in dlg.fields["work_confirmed_on"][1].text()
    field.setText("2025-11-05")
    dlg.try_save()
    assert page.model.rowCount() == 0
    assert window.work_label.text() == ""
    with db.reading() as s:
        e = es.list_enrollments(s, people["märta"])[0]
    assert e.work_confirmed_on == date(2025, 11, 5)


def test_work_that_did_not_last(qtbot, window, people, db):
    page = window.show_view("confirm-work")
    page.view.selectRow(0)
    dlg = page.did_not_last()
    reason, _ = dlg.fields["exit_reason"]
    assert reason.findData("A1") == -1
    dlg.try_save()  # nothing chosen, no reason: both fields say so
    assert dlg.fields["exit_reason"][1].text() and dlg.fields["reason"][1].text()
    reason.setCurrentIndex(reason.findData("E9"))
    dlg.fields["reason"][0].setText("Provanställningen avbröts efter en vecka")
    dlg.try_save()
    with db.reading() as s:
        assert es.list_enrollments(s, people["märta"])[0].exit_reason == "E9"
    assert page.model.rowCount() == 0


def test_feriejobb_page_filters_edits_and_exports(qtbot, window, people, db, tmp_path):
    from ame_desktop.ui.summer_jobs_page import SummerJobsPage

    page = window.show_view("summer-jobs")
    assert isinstance(page, SummerJobsPage)
    assert page.year.currentData() == 2025
    assert page.model.rowCount() == 2
    assert "2 personer har fått plats" not in page.summary.text() and "1 personer har fått plats" in page.summary.text()
    page.placement.setCurrentIndex(page.placement.findData(sj.PLACED))
    assert [page.model.data(page.model.index(i, 1)) for i in range(page.model.rowCount())] == ["Ali Ek"]
    page.placement.setCurrentIndex(0)
    page.search.setText("bea")
    assert page.model.rowCount() == 1
    page.view.selectRow(0)
    dlg = page.edit()
    placement, _ = dlg.fields["placement"]
    placement.setCurrentIndex(placement.findData("CIVIL"))
    dlg.fields["workplace"][0].setText("IK Hultsfred")
    dlg.try_save()
    assert page.model.data(page.model.index(0, 5)) == "Civilsamhället"
    page.search.setText("")
    dlg = page.edit(new=True)
    dlg.fields["personnummer"][0].setText("19121212-1212")  # not in the register
    dlg.try_save()
    assert dlg.fields["personnummer"][1].text()  # refused at the field: the person must be in the register
    dlg.reject()
    assert page.model.rowCount() == 2
    out = page.export_to(tmp_path / "fj.xlsx")
    rows = [[c.value for c in r] for r in load_workbook(out)["Feriejobb"].iter_rows(min_row=5)]
    assert sorted(r[1] for r in rows) == ["Ali Ek", "Bea Berg"]
    assert "2 ansökningar" in page.status.text()


def test_export_page_drill_down_into_feriejobb(qtbot, window, people):
    page = window.show_view("export")
    page.year.setValue(2025)
    r = next(i for i in range(page.figures.rowCount())
             if page.figure_at(i) is not None and page.figure_at(i).kpi == "N40471" and page.figure_at(i).gender == "T")
    assert page.figures.data(page.figures.index(r, 3)) == "50,0 %"
    dlg = page.show_persons(page.figure_at(r))
    assert dlg.model.rowCount() == 1 and dlg.model.data(dlg.model.index(0, 0)) == "Ali Ek"
    assert "ICA" in dlg.model.data(dlg.model.index(0, 2))
    dlg.reject()
