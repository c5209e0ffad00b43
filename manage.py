#!/usr/bin/env python
import os
import sys


def main():
    if sys.argv[1:2] == ["generate_vapid_keys"]:
        # It prints the keys a deployment is configured with, so it runs before there is
        # one: it loads no settings (production's demand the keys; a local run's write var/).
        from config.vapid import print_new_pair

        print_new_pair()
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
