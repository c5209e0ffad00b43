"""What a clinician reads of a report, in words: the clinical words for every code
(`labels`) and the summary's first sentences (`sentences`). Pure functions over the
summary's figures, no queries: the summary (diary/selectors/summary.py), its screen, the
PDF and the FHIR export (diary/exports/) all word the report with them."""
