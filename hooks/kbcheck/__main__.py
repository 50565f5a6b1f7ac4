"""``python -m kbcheck``: see :mod:`kbcheck.cli`."""

import sys

from .cli import main

sys.exit(main())
