"""The export benchmark's own code, on 200 submissions: it keeps working (no timings are
checked)."""

from bench import export_submissions as bench


def test_the_benchmark_exports_every_phase_and_prints_the_ratios(tmp_path):
    lines = bench.run(200, tmp_path, rounds=2)

    phases = {line.split()[0]: line.split()[1] for line in lines[2:6]}
    assert phases == {
        "xlsxwriter": "200",
        "export-xlsx": "200",
        "export-csv": "200",
        "export-xlsx-tenth": "20",
    }
    assert any(line.startswith("XLSX export / XlsxWriter alone: rows/s") for line in lines)
    per_round = next(line for line in lines if "in each round" in line)
    assert len(per_round.split(": ")[1].split(", ")) == 2


def test_the_synthetic_form_is_a_valid_definition_with_a_repeating_group():
    from services.forms.domain.definition import load_definition
    from services.forms.domain.submission import SubmissionValidator

    validator = SubmissionValidator(load_definition(bench.DEFINITION))

    assert validator.errors(bench.answers(7)) == []
    assert len(bench.answers(7)["outlets"]) == 3
