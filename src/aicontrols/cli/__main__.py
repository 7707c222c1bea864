"""`python -m aicontrols.cli`."""

import sys

from . import main

sys.exit(main())
