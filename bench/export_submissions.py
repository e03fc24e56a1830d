"""A form's XLSX and CSV export of many submissions, next to XlsxWriter alone writing the
same rows, in the same run.

Run with ``make bench-export`` or ``python -m bench.export_submissions [--rows N]
[--rounds N]`` (100,000 rows, 3 rounds by default). It stores one published form of
about twenty fields (two groups, one of them repeating) and N synthetic submissions in a
SQLite database (forms' own tables, migrated), then measures, each phase in a fresh
Python process so that its peak RSS is its own:

1. ``xlsxwriter``: XlsxWriter alone (constant memory) writes the same cells: the main
   sheet and the repeating group's sheet, from values made in memory, no database.
2. ``export-xlsx``: ``GET /forms/api/forms/<id>/submissions.xlsx`` on forms' Flask app (a
   signed API token), read to the end: the query, the rows streamed from SQLite, every
   answer rendered in its version's labels, the workbook written and sent.
3. ``export-csv``: the same for ``submissions.csv``.
4. ``export-xlsx-tenth``: the XLSX export of the first tenth of the submissions (a ``to``
   date filter): if memory is bounded, its peak RSS is about the whole export's.

The first two run back to back in ``--rounds`` rounds (their order turning each round) and
the verdict is the median of the rounds' ratios. It prints rows per second, seconds, peak
RSS and the RSS the work added to the process after its imports, and the ratios of the
export to XlsxWriter alone. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_ROWS = 100_000
#: Rounds of XlsxWriter alone and the XLSX export back to back (see :func:`run`).
DEFAULT_ROUNDS = 3
FORM_ID = "bench-export-form"
VERSION_ID = "bench-export-v1"
OWNER = "33/3301/330102"
#: Submissions are filed from here (midnight in Beijing); the first tenth on this day.
FIRST_FILED = datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
PHASES = ("xlsxwriter", "export-xlsx", "export-csv", "export-xlsx-tenth")
INSERT_BATCH = 5000


def label(zh_cn: str, en: str) -> dict:
    return {"zh_CN": zh_cn, "en": en}


def choices(*values: str) -> list[dict]:
    return [{"value": v, "label": label(f"选项{v}", f"Option {v}")} for v in values]


def leaf(name: str, kind: str, **extra) -> dict:
    return {"name": name, "type": kind, "label": label(name, name.replace("_", " ")), **extra}


DEFINITION = {
    "key": "bench-export",
    "title": label("导出基准", "Export benchmark"),
    "fields": [
        leaf("subject", "text"),
        leaf("company", "text"),
        leaf("contact", "text"),
        leaf("details", "textarea"),
        leaf("phone", "phone"),
        leaf("email", "email"),
        leaf("employees", "integer"),
        leaf("outlet_count", "integer"),
        leaf("output", "number"),
        leaf("emissions", "number"),
        leaf("is_key_discharger", "boolean"),
        leaf("visit_date", "date"),
        leaf("deadline", "date"),
        leaf("arrived_at", "datetime"),
        leaf("category", "select", options=choices("a", "b", "c")),
        leaf("scale", "select", options=choices("large", "medium", "small")),
        leaf("topics", "multiselect", options=choices("air", "water", "soil")),
        leaf("region", "region"),
        {
            "name": "site",
            "type": "group",
            "label": label("现场", "Site"),
            "fields": [leaf("address", "text"), leaf("staff", "integer")],
        },
        {
            "name": "outlets",
            "type": "group",
            "repeat": True,
            "label": label("排口", "Outlets"),
            "fields": [
                leaf("code", "text"),
                leaf("flow", "number"),
                leaf("kind", "select", options=choices("w", "g")),
            ],
        },
    ],
}


def answers(number: int) -> dict:
    """The synthetic answers of submission ``number``: the same every run."""
    return {
        "subject": f"排污许可证延续 {number}",
        "company": f"杭州某某环保科技有限公司{number % 997}",
        "contact": "刘主任",
        "details": "许可证将于下月到期，请协助办理延续手续。" * 3,
        "phone": "13812345678",
        "email": f"user{number}@example.com",
        "employees": number % 500,
        "outlet_count": number % 4,
        "output": number * 1.5,
        "emissions": -(number % 7) / 3,
        "is_key_discharger": number % 2 == 0,
        "visit_date": (date(2026, 1, 1) + timedelta(days=number % 365)).isoformat(),
        "deadline": "2026-12-31",
        "arrived_at": "2026-03-18T09:15:00+08:00",
        "category": "abc"[number % 3],
        "scale": ("large", "medium", "small")[number % 3],
        "topics": ["air", "water"][: 1 + number % 2],
        "region": "330106",
        "site": {"address": f"=滨江路 {number} 号", "staff": number % 50},
        "outlets": [
            {"code": f"DW{number}-{row}", "flow": row * 2.5, "kind": "wg"[row % 2]}
            for row in range(number % 4)
        ],
    }


def filed_at(number: int, rows: int) -> datetime:
    """The first tenth of the submissions is filed on ``FIRST_FILED``'s day."""
    tenth = max(1, rows // 10)
    if number < tenth:
        return FIRST_FILED + timedelta(seconds=number * 86_000 / tenth)
    return FIRST_FILED + timedelta(days=1, minutes=number)


# Setting up the database ---------------------------------------------------------------


def settings_for(workdir: Path):
    from shared.config import Settings

    return Settings(database_url=f"sqlite:///{workdir / 'var'}", secret_key="bench-export")


def prepare(workdir: Path, rows: int) -> None:
    """Migrate forms' tables in ``workdir`` and store the form and ``rows`` submissions."""
    from sqlalchemy import insert

    from services.forms.adapters import orm
    from services.forms.bootstrap import bootstrap
    from services.forms.domain.compiler import compile_json_schema
    from services.forms.domain.definition import load_definition

    runtime = bootstrap(settings_for(workdir))
    runtime.migrate()
    definition = load_definition(DEFINITION)
    with runtime.engine.begin() as conn:
        conn.execute(
            insert(orm.forms),
            {
                "id": FORM_ID,
                "key": definition["key"],
                "org_path": OWNER,
                "org_unit_id": "330102",
                "draft": definition,
                "created_by": "bench",
                "created_at": FIRST_FILED,
                "updated_at": FIRST_FILED,
            },
        )
        conn.execute(
            insert(orm.form_versions),
            {
                "id": VERSION_ID,
                "form_id": FORM_ID,
                "version": 1,
                "definition": definition,
                "json_schema": compile_json_schema(definition),
                "published_at": FIRST_FILED,
                "published_by": "bench",
            },
        )
        for start in range(0, rows, INSERT_BATCH):
            batch = range(start, min(rows, start + INSERT_BATCH))
            conn.execute(insert(orm.submissions), [submission_row(n, rows) for n in batch])
    runtime.engine.dispose()


def submission_row(number: int, rows: int) -> dict:
    return {
        "id": f"submission-{number}",
        "form_id": FORM_ID,
        "form_version_id": VERSION_ID,
        "form_key": DEFINITION["key"],
        "version": 1,
        "enterprise_id": f"enterprise-{number % 1000}",
        "submitted_by": f"person-{number % 1000}",
        "org_path": OWNER,
        "data": answers(number),
        "acceptance_number": f"330102-20260101-{number:06d}",
        # Stored in UTC, as the intake stores them.
        "created_at": filed_at(number, rows).astimezone(UTC),
    }


# The phases, each run in its own process ------------------------------------------------


def memory_kib(key: str = "VmRSS") -> int:
    """The process's resident set now (``VmRSS``) or at its peak (``VmHWM``), in KiB.

    The peak is read from /proc rather than ``getrusage``: ``ru_maxrss`` survives
    ``execve``, so a child would report the parent's peak when it forked.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


def export_request(workdir: Path, extension: str, query: str):
    """Forms' app, built and signed in; returns a call that GETs the export and reads it
    to the end, returning the bytes received."""
    from services.forms.app import create_app
    from services.forms.bootstrap import bootstrap
    from shared.auth import Principal, issue_api_token

    settings = settings_for(workdir)
    app = create_app(settings, runtime=bootstrap(settings))
    admin = Principal("bench", "bench", "bench", ("county_admin",), OWNER, "330102")
    with app.app_context():
        token = issue_api_token(admin)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "zh-CN"}
    client = app.test_client()
    url = f"/forms/api/forms/{FORM_ID}/submissions.{extension}{query}"
    # One small request first: the app's first request sets up what every later one uses.
    client.get(f"/forms/api/forms/{FORM_ID}/submissions?per_page=1", headers=headers)

    target = workdir / f"export.{extension}"

    def get() -> int:
        response = client.get(url, headers=headers, buffered=False)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code} {response.get_data()[:300]!r}")
        with target.open("wb") as saved:
            for chunk in response.response:
                saved.write(chunk)
        response.close()
        return target.stat().st_size

    return get


def rows_in(path: Path) -> int:
    """The submissions in an exported file: its main table's lines but the heading."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as text:
            return sum(1 for _line in csv.reader(text)) - 1
    count, tail = 0, b""
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
        for chunk in iter(lambda: sheet.read(1 << 20), b""):
            # A tag may straddle two chunks: count in the last bytes of one and the next.
            text = tail + chunk
            count += text.count(b"<row ")
            tail = text[-4:]
    return count - 1


def xlsxwriter_alone(workdir: Path, rows: int):
    """Returns a call in which XlsxWriter alone writes the same cells as the export,
    returning the bytes written."""
    import xlsxwriter

    from services.forms.adapters.export import neutralise

    target = workdir / "xlsxwriter-alone.xlsx"

    def write() -> int:
        workbook = xlsxwriter.Workbook(
            str(target), {"constant_memory": True, "strings_to_formulas": False}
        )
        formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        }
        main, outlets = workbook.add_worksheet("提交记录"), workbook.add_worksheet("排口")
        main.write_row(0, 0, ["受理编号", "提交时间", "表单版本", "企业", "提交人", *range(20)])
        outlets.write_row(0, 0, ["受理编号", "行号", "编号", "流量", "类型"])
        outlet_line = 1
        for number in range(rows):
            values, line = answers(number), number + 1
            number_text = f"330102-20260101-{number:06d}"
            main.write_string(line, 0, number_text)
            when = filed_at(number, rows).replace(tzinfo=None)
            main.write_datetime(line, 1, when, formats["datetime"])
            main.write_number(line, 2, 1)
            main.write_string(line, 3, f"enterprise-{number % 1000}")
            main.write_string(line, 4, f"person-{number % 1000}")
            for column, field in enumerate(DEFINITION["fields"][:18], start=5):
                _write_like_the_export(main, line, column, field, values, formats, neutralise)
            main.write_string(line, 23, neutralise(values["site"]["address"]))
            main.write_number(line, 24, values["site"]["staff"])
            for row_number, row in enumerate(values["outlets"], start=1):
                outlets.write_string(outlet_line, 0, number_text)
                outlets.write_number(outlet_line, 1, row_number)
                outlets.write_string(outlet_line, 2, row["code"])
                outlets.write_number(outlet_line, 3, row["flow"])
                outlets.write_string(outlet_line, 4, f"选项{row['kind']}")
                outlet_line += 1
        workbook.close()
        return target.stat().st_size

    return write


def _write_like_the_export(sheet, line, column, field, values, formats, neutralise) -> None:
    value, kind = values[field["name"]], field["type"]
    if kind in ("integer", "number"):
        sheet.write_number(line, column, value)
    elif kind == "date":
        sheet.write_datetime(line, column, date.fromisoformat(value), formats["date"])
    elif kind == "datetime":
        moment = datetime.fromisoformat(value).replace(tzinfo=None)
        sheet.write_datetime(line, column, moment, formats["datetime"])
    elif kind == "boolean":
        sheet.write_string(line, column, "是" if value else "否")
    elif kind == "select":
        sheet.write_string(line, column, f"选项{value}")
    elif kind == "multiselect":
        sheet.write_string(line, column, "、".join(f"选项{v}" for v in value))
    elif kind == "region":
        sheet.write_string(line, column, "杭州市 西湖区")
    else:
        sheet.write_string(line, column, neutralise(value))


def measure(phase: str, workdir: Path, rows: int) -> dict:
    """Run one phase in this process; returns its rows, seconds, bytes and memory (the
    imports and the app are set up before the clock and the RSS baseline start)."""
    if phase == "xlsxwriter":
        work = xlsxwriter_alone(workdir, rows)
    elif phase == "export-xlsx-tenth":
        work = export_request(workdir, "xlsx", f"?to={FIRST_FILED.date().isoformat()}")
    else:
        work = export_request(workdir, phase.removeprefix("export-"), "")
    before = memory_kib()
    started = time.perf_counter()
    size = work()
    seconds = time.perf_counter() - started
    peak = memory_kib("VmHWM")
    if phase != "xlsxwriter":
        rows = rows_in(workdir / f"export.{phase.split('-')[1]}")
    return {
        "phase": phase,
        "rows": rows,
        "seconds": seconds,
        "bytes": size,
        "peak_rss_kib": peak,
        "rss_before_kib": before,
    }


def measure_in_subprocess(phase: str, workdir: Path, rows: int) -> dict:
    command = [sys.executable, "-m", "bench.export_submissions", "--child", phase]
    command += ["--workdir", str(workdir), "--rows", str(rows)]
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(command, cwd=root, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# The report --------------------------------------------------------------------------------


def report(results: dict[str, list[dict]], total_rows: int) -> list[str]:
    """The printed lines: one per phase (its median round), then the ratios to XlsxWriter
    alone: per round, and the median of the rounds."""
    lines = [
        f"Export of {total_rows:,} submissions (about 20 fields, a repeating group) from SQLite",
        f"{'phase':<20}{'rows':>9}{'seconds':>9}{'rows/s':>10}{'peak RSS':>11}"
        f"{'added RSS':>11}{'size':>10}",
    ]
    for phase in PHASES:
        r = median_round(results[phase])
        added = max(0, r["peak_rss_kib"] - r["rss_before_kib"])
        lines.append(
            f"{phase:<20}{r['rows']:>9,}{r['seconds']:>9.2f}{rate(r):>10,.0f}"
            f"{r['peak_rss_kib'] / 1024:>8.1f} MB{added / 1024:>8.1f} MB"
            f"{r['bytes'] / 1e6:>7.1f} MB"
        )
    alone, xlsx, csv_, tenth = (median_round(results[phase]) for phase in PHASES)
    ratios = [
        rate(export) / rate(baseline)
        for export, baseline in zip(results["export-xlsx"], results["xlsxwriter"], strict=True)
    ]
    lines += [
        "",
        "XLSX export / XlsxWriter alone, rows/s in each round (back to back): "
        + ", ".join(f"{ratio:.2f}" for ratio in ratios),
        f"XLSX export / XlsxWriter alone: rows/s {statistics.median(ratios):.2f} (median), "
        f"peak RSS {xlsx['peak_rss_kib'] / alone['peak_rss_kib']:.2f}, "
        f"added RSS {added_ratio(xlsx, alone):.2f}",
        f"CSV export / XlsxWriter alone: rows/s {rate(csv_) / rate(alone):.2f}, "
        f"peak RSS {csv_['peak_rss_kib'] / alone['peak_rss_kib']:.2f}",
        "XLSX export of all / of a tenth: peak RSS "
        f"{xlsx['peak_rss_kib'] / tenth['peak_rss_kib']:.2f} (about 1 when memory is bounded)",
    ]
    return lines


def median_round(rounds: list[dict]) -> dict:
    """The round of a phase with the median rate (the lower middle one of an even count)."""
    ordered = sorted(rounds, key=rate)
    return ordered[(len(ordered) - 1) // 2]


def rate(result: dict) -> float:
    return result["rows"] / result["seconds"] if result["seconds"] else 0.0


def added_ratio(result: dict, baseline: dict) -> float:
    added = max(1, result["peak_rss_kib"] - result["rss_before_kib"])
    return added / max(1, baseline["peak_rss_kib"] - baseline["rss_before_kib"])


def run(rows: int, workdir: Path, rounds: int = DEFAULT_ROUNDS) -> list[str]:
    """Prepare the database in ``workdir``, measure every phase, return the report.

    XlsxWriter alone and the XLSX export run back to back in each of ``rounds`` rounds,
    their order turning each round: the shared machine's speed drifts over minutes, and a
    ratio of two runs minutes apart would measure the drift with it.
    """
    prepare(workdir, rows)
    results: dict[str, list[dict]] = {phase: [] for phase in PHASES}
    for number in range(rounds):
        pair = ("xlsxwriter", "export-xlsx")
        for phase in pair if number % 2 == 0 else reversed(pair):
            results[phase].append(measure_in_subprocess(phase, workdir, rows))
    for phase in ("export-csv", "export-xlsx-tenth"):
        results[phase].append(measure_in_subprocess(phase, workdir, rows))
    return report(results, rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--child", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(measure(options.child, options.workdir, options.rows)))
        return
    with tempfile.TemporaryDirectory(prefix="qinqing-bench-export-") as workdir:
        print(f"Storing {options.rows:,} submissions in SQLite ...", flush=True)
        for line in run(options.rows, Path(workdir), options.rounds):
            print(line)


if __name__ == "__main__":
    main()
