"""Property-based fuzzing of export folders (issue #14, "Go further").

Whatever bytes or CSV shapes an export folder holds, reading it ends in one of two ways: the
data, or an ExportError whose message names the file; the commands answer 0 or 1 with one
line, never a traceback. Hypothesis draws the folders; the runs are derandomised so CI sees the
same cases every time.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.__main__ import main as analysis_main
from analysis.opinions import ExportError, read_export
from analysis.report.data import load_folder

FUZZ = settings(
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

COLUMNS = {
    "comments.csv": [
        "timestamp",
        "datetime",
        "comment-id",
        "author-id",
        "agrees",
        "disagrees",
        "moderated",
        "comment-body",
    ],
    "votes.csv": ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
    "participants-votes.csv": [
        "participant",
        "xid",
        "group-id",
        "n-comments",
        "n-votes",
        "n-agree",
        "n-disagree",
        "0",
        "1",
        "2",
        "3",
    ],
    "participants.csv": ["participant", "pseudonym", "language", "started_at", "completed_at"],
    "answers.csv": [
        "participant",
        "survey_version",
        "step_id",
        "step_type",
        "value",
        "answered_at",
    ],
    "summary.csv": ["topic", "url", "views"],
}

# Cells near the edges: votes, ids, huge and odd numbers, times, hostile text.
EDGE_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "-1",
            "1.0",
            "-1.0",
            "2",
            "0.5",
            "nan",
            "inf",
            "-inf",
            "1e400",
            str(10**24),
            str(-(10**19)),
            "9223372036854775807",
            "007",
            " 3 ",
            "p-1",
            "=1+1",
            "2025-03-03T09:00:00Z",
            "9999-12-31T23:59:59+14:00",
            "0001-01-01T00:00:00",
            "\u200b",
            "\u202e",
            '"',
            "a\nb",
            "a,b",
        ]
    ),
    st.integers().map(str),
    st.text(max_size=12),
)
SMALL_ID_TEXTS = [str(i) for i in range(7)]
# Ids are mostly small numbers; some are text or beyond 64 bits, as in real exports.
SMALL_IDS = st.sampled_from(SMALL_ID_TEXTS * 3 + [str(10**24), "p-1", "7.0"])
TYPICAL = {
    "vote": st.sampled_from(["1", "-1", "0"]),
    "moderated": st.sampled_from(["1", "0", "-1"]),
    "timestamp": st.integers(0, 2 * 10**12).map(str),
    "comment-body": st.text(max_size=20),
    "value": st.text(max_size=8),
    "group-id": st.sampled_from(["", "0", "1"]),
    "xid": st.text(max_size=4),
}


def cell_for(column: str) -> st.SearchStrategy[str]:
    """Mostly what the column holds (so rows get past the first check), now and then an edge
    case: a row that is fine but for one cell is where readers break."""
    typical = TYPICAL.get(column, TYPICAL["vote"] if column.isdigit() else SMALL_IDS)
    return st.sampled_from(range(40)).flatmap(lambda roll: EDGE_CELLS if roll == 39 else typical)


@st.composite
def csv_text(draw, name: str) -> bytes:
    """A CSV file that looks more or less like `name`: its columns (some dropped, shuffled,
    repeated or replaced) and rows of mostly plausible cells, or, now and then, any bytes."""
    if draw(st.sampled_from(range(10))) == 9:
        return draw(st.binary(max_size=200))
    if draw(st.sampled_from(range(3))) > 0:
        columns = list(COLUMNS[name])
    else:
        columns = draw(
            st.lists(
                st.sampled_from(COLUMNS[name]) | st.text(max_size=6),
                min_size=1,
                max_size=len(COLUMNS[name]) + 2,
            )
        )
    rows = draw(
        st.lists(st.tuples(*(cell_for(column) for column in columns)).map(list), max_size=12)
    )
    if name == "comments.csv" and "comment-id" in columns:
        # Mostly distinct ids (a repeated id is refused at once); edge cases stay.
        at = columns.index("comment-id")
        for i, row in enumerate(rows):
            row[at] = row[at] if row[at] not in SMALL_ID_TEXTS else str(i)
    if rows and draw(st.sampled_from(range(5))) == 4:
        rows[-1] = rows[-1][: draw(st.integers(0, len(rows[-1])))]  # a short row
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    text = buffer.getvalue()
    encoding = draw(st.sampled_from(["utf-8"] * 9 + ["utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


@st.composite
def export_folder_files(draw, samen: bool = False) -> dict[str, bytes]:
    # The vote file the folder must have, then each other file now and then.
    names = [draw(st.sampled_from(["votes.csv", "participants-votes.csv"]))]
    names += [
        name
        for name in (
            "comments.csv",
            "votes.csv",
            "participants-votes.csv",
            "summary.csv",
            *(("participants.csv", "answers.csv") if samen else ()),
        )
        if name not in names and draw(st.sampled_from(range(4))) < 3
    ]
    if draw(st.sampled_from(range(20))) == 19:
        names = names[1:]  # no vote file at all
    files = {name: draw(csv_text(name)) for name in names}
    if samen:
        files["survey.json"] = draw(survey_json())
    return files


SURVEY_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "type", "options", "minimum", "maximum", "text", "title"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@st.composite
def survey_json(draw) -> bytes:
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=60))
    step = st.fixed_dictionaries(
        {
            "id": st.text(max_size=4) | SURVEY_VALUES,
            "type": st.sampled_from(["single_choice", "multiple_choice", "scale", "free_text"])
            | SURVEY_VALUES,
        },
        optional={
            "options": st.lists(st.fixed_dictionaries({"id": st.text(max_size=3)}), max_size=3)
            | SURVEY_VALUES,
            "minimum": st.integers(-3, 3) | SURVEY_VALUES,
            "maximum": st.integers(-3, 12) | SURVEY_VALUES,
        },
    )
    survey = draw(
        st.fixed_dictionaries(
            {"steps": st.lists(step, max_size=3) | SURVEY_VALUES}, optional={"title": SURVEY_VALUES}
        )
        | SURVEY_VALUES
    )
    return json.dumps(survey).encode()


def _write(files: dict[str, bytes]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-export-"))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


# The reproductions from issue #14 run every time, besides what Hypothesis draws.
KNOWN_BAD = [
    {"votes.csv": f"comment-id,voter-id,vote\n1,{10**24},1\n".encode()},
    {"votes.csv": b"comment-id,voter-id,vote\n1,2,1\n", "comments.csv": b"comment-id\n7\n"},
    {"participants-votes.csv": b"participant,xid,group-id,0\n1,,0,1\n"},
]


@FUZZ
@given(export_folder_files())
@example(KNOWN_BAD[0])
@example(KNOWN_BAD[1])
@example(KNOWN_BAD[2])
def test_reading_any_export_folder_gives_data_or_a_named_error(files) -> None:
    folder = _write(files)
    try:
        export = read_export(folder)
    except ExportError as error:
        assert str(folder) in str(error) and str(error).isprintable()
    else:
        assert len(export.votes.participant) == len(export.votes.vote)
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(export_folder_files(samen=True))
def test_the_reports_reading_of_a_samen_folder_gives_data_or_a_named_error(files) -> None:
    folder = _write(files)
    try:
        load_folder(folder)
    except (ExportError, FileNotFoundError) as error:
        assert str(folder) in str(error) and "\n" not in str(error)
    finally:
        shutil.rmtree(folder)


@settings(FUZZ, max_examples=40)
@given(export_folder_files())
def test_opinions_command_answers_zero_or_one_line(files) -> None:
    folder, out = _write(files), Path(tempfile.mkdtemp(prefix="fuzz-out-"))
    err = io.StringIO()
    try:
        from contextlib import redirect_stderr, redirect_stdout

        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            code = analysis_main(
                ["opinions", str(folder), "--out", str(out / "o"), "--quiet", "--resamples", "0"]
            )
    finally:
        shutil.rmtree(folder)
        shutil.rmtree(out)
    # split("\n"), not splitlines(): a control character in a message must not pass as a break.
    lines = [line for line in err.getvalue().split("\n")[:-1] if not line.startswith("warning:")]
    assert (code, lines) == (0, []) or (code == 1 and len(lines) == 1), (code, lines)
    assert all(line.isprintable() for line in lines), lines  # no control character from a file
