"""From an export folder to the report folder: load, analyse, build the sections, write.

    out/index.html        the self-contained page
    out/report.pdf        the same content as a PDF (see analysis.report.pdf)
    out/charts/*.png|svg  every chart
    out/tables/*.csv      every table behind the page
    out/findings.json     the page's claims, machine-readable (see analysis.report.findings_json)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis.progress import Progress
from analysis.report import answers, appendix, findings, html, i18n, methodology, overview
from analysis.report.analyses import run_analyses
from analysis.report.blocks import Context, Section
from analysis.report.data import load_folder
from analysis.report.findings_json import write_findings
from analysis.report.summary import summary


class NoVotesError(ValueError):
    """The export has no votes yet: there is nothing to report."""


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path | None
    findings: Path
    charts: list[Path]
    tables: list[Path]
    sections: list[Section]


def build_report(export_folder: Path | str, out: Path | str, language: str = "nl",
                 random_state: int = 0, pdf: bool = True,
                 progress: Progress | None = None) -> ReportFiles:
    """Write the report for the export folder `export_folder` into `out`."""
    if language not in i18n.LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(i18n.LANGUAGES)}, not {language!r}")
    progress = progress or Progress(enabled=False)
    with progress.stage("reading the export"):
        data = load_folder(export_folder)
        data.use_language(language)
    progress.say(f"{len(data.export.votes)} vote events, {len(data.texts)} proposals")
    if len(data.export.votes) == 0:
        raise NoVotesError(f"{export_folder}: no votes yet, so there is nothing to report")
    out = Path(out)  # made only now: a failed read leaves no empty report folder behind
    out.mkdir(parents=True, exist_ok=True)
    with progress.stage("opinion groups and themes"):
        analyses = run_analyses(data, random_state=random_state, language=language)
    ctx = Context(data, analyses, language, out / "charts")
    # Page one first; then the detail, most read first; then how it was made; the appendix last.
    builders = [summary, findings.groups, findings.consensus, findings.themes,
                answers.open_answers, overview.questions, overview.participation,
                methodology.methodology, methodology.privacy, appendix.appendix]
    sections = []
    for number, builder in enumerate(builders, start=1):
        with progress.stage(f"section {number}/{len(builders)}: {builder.__name__}"):
            sections.append(builder(ctx))
    source = ctx.t("source_polis" if data.is_polis else "source_samen")
    subtitle = ctx.t("generated", date=datetime.now(UTC).date().isoformat(), source=source)
    title = f"{ctx.t('report')}: {data.title_in(language)}"
    with progress.stage("writing the page and tables"):
        page = out / "index.html"
        page.write_text(html.render(title, subtitle, sections, language), encoding="utf-8")
        tables = [table.write(out / "tables") for table in ctx.tables]
        findings_path = write_findings(ctx, out / "findings.json")
    pdf_path = None
    if pdf:
        from analysis.report.pdf import write_pdf  # only runs pay for the PDF library

        with progress.stage("writing the PDF"):
            pdf_path = write_pdf(out / "report.pdf", title, subtitle, sections, language)
    charts = sorted((out / "charts").glob("*.*"))
    progress.say(f"report written to {page}")
    return ReportFiles(page, pdf_path, findings_path, charts, tables, sections)
