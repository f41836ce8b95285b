"""The command line, ``python -m infimate VERB``: parsing, dispatch and printing.

:mod:`~infimate.cli.main` builds the parser and dispatches each verb to its handler in one
module per family of verbs; handlers call the library, which returns data, and print it
(:mod:`~infimate.cli.output`). The only printer; nothing in the library imports it.
"""
