"""Watching sources: collection on a schedule, kept per URL with its HTTP metadata.

sources (what to watch) · fetch + robots (how to ask politely) · parse (feeds, sitemaps,
listings, attachments) · run (one source's items into the store) · session (a locked run
over all sources) · lock · schedule (--every) · history (fetch records, works, versions)
· render (digest and diff as text) · samples (shipped sources, disabled until added).
"""
