"""``python -m stanceclf``: the same as the ``stanceclf`` command."""

from .cli import main

raise SystemExit(main())
