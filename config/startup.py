"""What a long-running process does once it has loaded the app.

Loading Django, DRF, the PDF and FHIR libraries leaves a hundred thousand and more
objects that live as long as the process. Python's full garbage collection walks all
of them, and it runs every few dozen requests in the middle of one: when measured, it
tripled a year's pre-visit summary at the 95th percentile (bench/clinician_summary.py).
`gc.freeze()` moves what exists at start-up out of the collector's sight; the
collector still frees what requests leave behind. See the `gc.freeze` docs.
"""

import gc


def freeze_startup_heap(*, load_views: bool = True) -> None:
    """Load what the first request would load (the URLconf, hence every view; a
    worker serves no request and skips it: 14 MB a process), free start-up
    garbage, then freeze everything still alive."""
    if load_views:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - imports every view module now, not at the first request
    gc.collect()
    gc.freeze()
