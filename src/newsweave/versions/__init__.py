"""Versions of followed articles: when pages are read again (:mod:`~newsweave.versions.schedule`),
how a changed one becomes a new version (:mod:`~newsweave.versions.revisit`), what changed between
two versions (:mod:`~newsweave.versions.diff`) and an article's history
(:mod:`~newsweave.versions.history`).

Import those modules directly: this one imports nothing, so that the command line, which reads
the schedule's parser at start, loads neither the compare stage nor the store with it.
"""
