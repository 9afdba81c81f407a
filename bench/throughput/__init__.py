"""The parts of bench/bot_throughput.py: the bot process under test and the simulated citizens.

``botprocess`` starts the Samen bot (or a bare PTB echo bot) in its own process and hears when
each update is done; ``participants`` are the citizens who talk to it and the phases that drive
them. The checks, the report and the command line stay in bench/bot_throughput.py.
"""
