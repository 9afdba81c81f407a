"""Analysis of consultation results: themes, opinion groups, consensus and the report.

Pure functions and estimators over tables; no Telegram and no database driver in here.
"""
