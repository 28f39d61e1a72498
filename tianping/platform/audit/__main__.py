"""`python -m tianping.platform.audit verify --service listing` (see tianping.platform.audit.cli)."""

import sys

from tianping.platform.audit.cli import main

sys.exit(main())
