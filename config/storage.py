"""How `collectstatic` stores the static files in production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Every file also under a name carrying a hash of its content (app.3f2a9c1b.css),
    which whitenoise serves with far-future caching, and with gzip and Brotli copies.

    The PWA's ES module imports ("./ui.js", import("./views/log.js")) are rewritten to
    the hashed names too, so a page that loads the hashed app.js loads every module
    under a name that changes whenever the module, or anything it imports, changes."""

    support_js_module_import_aggregation = True
