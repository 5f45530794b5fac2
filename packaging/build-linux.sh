#!/usr/bin/env bash
# Build the one-folder bundle of AME Desktop on Linux with PyInstaller and smoke-test it.
#
#   packaging/build-linux.sh            from any directory; works from a clean clone
#
# What it does:
#   1. creates its own virtualenv in build/packaging/venv (Python 3.11+, `python3` or $PYTHON),
#      installs the project (with the PostgreSQL extra) and PyInstaller from PyPI;
#   2. runs PyInstaller with packaging/ame-desktop.spec  ->  dist/ame-desktop/;
#   3. runs the frozen program in a scratch folder (never the user's own data folder):
#      --version, check on a new register, migration of the oldest test register, demo, stats,
#      template, export kolada, report activity, plan (PDF), screenshots of every view, the
#      window for 10 s (off screen) and loading the PostgreSQL driver;
#   4. prints a summary (each step, bundle size, time) and exits non-zero if any step failed.
#
# Environment:
#   PYTHON=python3.12    the interpreter for the build venv (default python3)
#   SKIP_BUILD=1         only smoke-test an existing dist/ame-desktop
#   KEEP_SMOKE=1         keep the scratch folder with the smoke-test output
#   PYINSTALLER_SPEC     default "pyinstaller>=6.10,<7"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/packaging"
VENV="$BUILD/venv"
DIST="$ROOT/dist"
BUNDLE="$DIST/ame-desktop"
PYTHON="${PYTHON:-python3}"
PYINSTALLER_SPEC="${PYINSTALLER_SPEC:-pyinstaller>=6.10,<7}"

say() { printf '\n== %s\n' "$*"; }
START=$SECONDS

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    # --- 1. build environment ---------------------------------------------------------------
    say "Build environment in $VENV"
    "$PYTHON" - <<'EOF'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}); set PYTHON=...")
EOF
    mkdir -p "$BUILD"
    if [[ ! -x "$VENV/bin/python" ]]; then
        "$PYTHON" -m venv "$VENV" || {
            echo "Could not create a virtualenv (on Debian/Ubuntu: apt-get install python3-venv)" >&2
            exit 1
        }
    fi
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    # Editable, so that PyInstaller freezes exactly this checkout (the spec also puts it first on the path).
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[postgres]" "$PYINSTALLER_SPEC"
    "$VENV/bin/python" -m pip freeze --exclude-editable > "$BUILD/pip-freeze.txt"
    echo "PyInstaller $("$VENV/bin/pyinstaller" --version), Python $("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')"
    echo "Versions of everything installed: $BUILD/pip-freeze.txt"

    # --- 2. PyInstaller -----------------------------------------------------------------------
    say "PyInstaller (packaging/ame-desktop.spec)"
    BUILD_START=$SECONDS
    (cd "$ROOT" && "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
        --distpath "$DIST" --workpath "$BUILD/work" "$ROOT/packaging/ame-desktop.spec")
    echo "PyInstaller took $((SECONDS - BUILD_START)) s"
fi

[[ -x "$BUNDLE/ame-desktop" && -x "$BUNDLE/AME Desktop" ]] || { echo "No bundle in $BUNDLE" >&2; exit 1; }
PY="$VENV/bin/python"
[[ -x "$PY" ]] || PY="$(command -v python3)"

# --- 3. smoke test ------------------------------------------------------------------------------
say "Smoke test of $BUNDLE"
SMOKE="$(mktemp -d "${TMPDIR:-/tmp}/ame-smoke.XXXXXX")"
if [[ "${KEEP_SMOKE:-}" != "1" ]]; then trap 'rm -rf "$SMOKE"' EXIT; fi
# Keep the frozen program away from the real user folders and any register named in the environment.
unset AME_DB AME_USER AME_PASSWORD AME_NEW_PASSWORD AME_LOGO AME_KOLADA_URL || true
export HOME="$SMOKE/home" XDG_DATA_HOME="$SMOKE/home/data" XDG_STATE_HOME="$SMOKE/home/state" \
       XDG_CONFIG_HOME="$SMOKE/home/config" XDG_CACHE_HOME="$SMOKE/home/cache" \
       AME_LOG_FILE="$SMOKE/ame-desktop.log" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"
cd "$SMOKE"

CLI="$BUNDLE/ame-desktop"
GUI="$BUNDLE/AME Desktop"
DB="$SMOKE/register.db"
YEAR="$(date +%Y)"
LAST_MONTH="$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)"
VERSION="$(sed -n 's/^__version__ *= *"\(.*\)"/\1/p' "$ROOT/ame_desktop/__init__.py")"

NAMES=()
RESULTS=()
FAILED=0
record() {  # name, result
    NAMES+=("$1"); RESULTS+=("$2")
    case "$2" in ok*|skipped*) ;; *) FAILED=$((FAILED + 1)) ;; esac
    printf '%-40s %s\n' "$1" "$2"
}
# step NAME CHECK -- PROGRAM ARGS...: run, require exit 0, then run the CHECK function, which sees
# the step's output (stdout and stderr) in $log.
step() {
    local name="$1" check="$2"; shift 3
    local log="$SMOKE/step-${#NAMES[@]}.log" t0=$SECONDS rc=0
    "$@" >"$log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        record "$name" "FAILED (exit $rc)"; sed 's/^/    | /' "$log" | tail -n 15
    elif ! "$check" >>"$log" 2>&1; then
        record "$name" "FAILED (output check)"; sed 's/^/    | /' "$log" | tail -n 15
    else
        record "$name" "ok ($((SECONDS - t0)) s)"
    fi
}
# Checks of what the frozen program wrote, with the build venv's Python (openpyxl is there).
none() { true; }
says_version() { grep -q "ame-desktop $VERSION" "$log"; }
db_exists() { test -s "$DB"; }
made_backup() { ls "$SMOKE"/old.db.*.bak; }
stats_ok() { "$PY" -c 'import json, sys; d = json.loads(open(sys.argv[1]).read()); assert d["participants"] > 0, d' "$log"; }
xlsx_ok() { "$PY" -c 'import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); assert wb.sheetnames; print(wb.sheetnames)' "$OUT"; }
json_ok() { "$PY" -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$OUT"; }
pdf_ok() { "$PY" -c 'import sys; d = open(sys.argv[1], "rb").read(); assert d[:5] == b"%PDF-" and len(d) > 2000, len(d)' "$OUT"; }
png_ok() { "$PY" -c 'import sys; d = open(sys.argv[1], "rb").read(); assert d[:8] == b"\x89PNG\r\n\x1a\n" and len(d) > 10000, len(d)' "$OUT"; }

step "--version (console exe)" says_version -- "$CLI" --version
step "--version (windowed exe)" says_version -- "$GUI" --version
step "check (new register)" db_exists -- "$CLI" --db "$DB" check
if [[ -f "$ROOT/tests/fixtures/schema_0001.db" ]]; then
    cp "$ROOT/tests/fixtures/schema_0001.db" "$SMOKE/old.db"
    step "check (migrates a schema-0001 register)" made_backup -- "$CLI" --db "$SMOKE/old.db" check
else
    record "check (migrates a schema-0001 register)" "skipped (no tests/fixtures/schema_0001.db)"
fi
step "demo" none -- "$CLI" --db "$DB" demo
step "stats" stats_ok -- "$CLI" --db "$DB" stats
OUT="$SMOKE/mall.xlsx"
step "template" xlsx_ok -- "$CLI" --db "$DB" template "$OUT"
OUT="$SMOKE/kolada-$YEAR.xlsx"
step "export kolada --year $YEAR" xlsx_ok -- "$CLI" --db "$DB" export kolada --year "$YEAR" --out "$OUT"
OUT="$SMOKE/aktivitetskrav-$LAST_MONTH.json"
step "report activity --month $LAST_MONTH" json_ok -- "$CLI" --db "$DB" report activity --month "$LAST_MONTH" --out "$OUT"

# A demo participant with a plan (plan_version exists from schema 0004 on).
PNR="$("$PY" - "$DB" <<'EOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
try:
    row = con.execute("SELECT p.personnummer FROM participant p JOIN plan_version v ON v.participant_id = p.id "
                      "ORDER BY p.id LIMIT 1").fetchone()
except sqlite3.Error:
    row = None
print(row[0] if row else "")
EOF
)"
if [[ -n "$PNR" ]]; then
    OUT="$SMOKE/plan.pdf"
    step "plan <demo participant> (PDF)" pdf_ok -- "$CLI" --db "$DB" plan "$PNR" --out "$OUT"
else
    record "plan <demo participant> (PDF)" "skipped (no demo participant has a plan)"
fi
OUT="$SMOKE/participants.png"
step "screenshot participants" png_ok -- "$CLI" --db "$DB" screenshot participants "$OUT"
# The other views as well (the charts of the step pages need QtCharts/QtOpenGL): the program names
# its views when asked for one that does not exist.
VIEWS="$("$CLI" --db "$DB" screenshot no-such-view "$SMOKE/none.png" 2>&1 | sed -n 's/.*: \([a-z, -]*\)\.$/\1/p' | tr -d ',' || true)"
for view in $VIEWS; do
    [[ "$view" == participants ]] && continue
    OUT="$SMOKE/view-$view.png"
    step "screenshot $view" png_ok -- "$CLI" --db "$DB" screenshot "$view" "$OUT"
done
# The window itself (windowed executable, no sub-command), off screen: it must still be running
# after 10 s — i.e. it started, opened the register and did not crash; then it is stopped.
GUI_RC=0
timeout 10 "$GUI" --db "$DB" >"$SMOKE/window.log" 2>&1 || GUI_RC=$?
if [[ $GUI_RC -eq 124 ]]; then
    record "window starts (AME Desktop, 10 s)" "ok (still running, stopped)"
else
    record "window starts (AME Desktop, 10 s)" "FAILED (exit $GUI_RC)"; sed 's/^/    | /' "$SMOKE/window.log" | tail -n 15
fi
# The PostgreSQL driver: no server here, so a refused connection (not a missing module) is success.
PG_LOG="$SMOKE/postgres.log"
PG_RC=0
"$CLI" --db "postgresql+psycopg://ame@127.0.0.1:9/ame" check >"$PG_LOG" 2>&1 || PG_RC=$?
if [[ $PG_RC -ne 0 ]] && grep -qiE 'connection|ansluta' "$PG_LOG" && ! grep -qiE 'module|dialect' "$PG_LOG"; then
    record "PostgreSQL driver (psycopg)" "ok (connection refused as expected)"
else
    record "PostgreSQL driver (psycopg)" "FAILED (exit $PG_RC)"; sed 's/^/    | /' "$PG_LOG" | tail -n 15
fi
if [[ $FAILED -ne 0 && -s "$AME_LOG_FILE" ]] && grep -q "Traceback" "$AME_LOG_FILE"; then
    echo "The program's log ends with:"
    tail -n 25 "$AME_LOG_FILE" | sed 's/^/    | /'
fi

# --- summary --------------------------------------------------------------------------------------
say "Summary"
SIZE="$(du -sh "$BUNDLE" | cut -f1)"
FILES="$(find "$BUNDLE" -type f | wc -l)"
for i in "${!NAMES[@]}"; do printf '  %-40s %s\n' "${NAMES[$i]}" "${RESULTS[$i]}"; done
echo "  bundle: $BUNDLE ($SIZE, $FILES files; executables: 'AME Desktop', ame-desktop)"
echo "  total time: $((SECONDS - START)) s"
[[ "${KEEP_SMOKE:-}" == "1" ]] && echo "  smoke-test output kept in $SMOKE"
if [[ $FAILED -ne 0 ]]; then
    echo "  $FAILED step(s) FAILED" >&2
    exit 1
fi
echo "  all smoke steps passed"
