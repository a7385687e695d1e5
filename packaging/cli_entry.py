"""Frozen entry point of the `djrh` command line."""

import sys

from djrh_desktop.cli import main

sys.exit(main())
