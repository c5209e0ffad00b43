from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, knowing this project's layout: the PWA's `t(msgid, params)`
    and `nt(singular, plural, n, params)` (frontend/js/i18n.js) are gettext keywords, and
    what is not the app's own code (the venv, node_modules, tests, benchmarks, generated
    catalogues) is never searched. So `makemessages -a` and `makemessages -d djangojs -a`
    need no flags (CONTRIBUTING.md, Add a language)."""

    IGNORED = [".venv", "node_modules", "var", "tests", "bench", "drills", "tools", "test-artifacts", "catalogues"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *self.IGNORED]
        # Line numbers change with every edit elsewhere in a file: a .po file that records
        # only the file names changes only when the words do (and merges cleanly).
        options["add_location"] = options.get("add_location") or "file"
        options["no_obsolete"] = True  # a string gone from the code goes from the catalogues
        if options.get("domain") == "djangojs":
            self.xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=t", "--keyword=nt:1,2"]
        return super().handle(*args, **options)
