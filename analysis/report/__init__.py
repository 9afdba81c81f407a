"""The consensus report: one command turns a consultation into a page a council reads in ten
minutes, with every figure checkable from the tables beside it.

    python -m analysis report (--db DB --survey ID | --polis DIR) --out DIR [--lang nl|en]

    from analysis.report.build import build_report
    files = build_report(export_folder, out_folder, language="nl")   # -> ReportFiles
    files.html, files.pdf, files.charts, files.tables, files.sections

Modules, in the order a report is made:
  data        the export folder -> ReportData (plain tables; the only file reader)
  analyses    runs analysis.opinions.analyse, and themes of proposals and of open answers
              through theme_view (the one adapter to analysis.themes); no math here
  claims      the one rule for "nearly everyone agrees", "most groups", "divides", few votes
  sections    each section's numbers as Tables (counting, percentages, privacy suppression)
  tables      Table, CSV writing, rounding, the fewer-than-5 suppression rule
  charts      matplotlib, one function per chart, Okabe-Ito palette
  summary     page one                                     }
  findings    opinion groups in words, agreement, themes   } sections as blocks
  answers     open answers; overview: questions, time      } (blocks.py), in the
  methodology methodology and privacy; appendix: all       } report's language (i18n,
              statements                                   } wording, folding)
  html        the self-contained page; pdf: the same blocks as an A4 PDF (fpdf2)
  findings_json  the claims as findings.json
  build       the whole pipeline; cli: the command line
  simulate    a synthetic consultation with planted groups and themes (tests, bench, demos)
"""
