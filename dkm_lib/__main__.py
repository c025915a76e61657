"""``python -m dkm_lib ...`` runs the command line (see ``dkm_lib.cli``)."""
import sys

from .cli import main

sys.exit(main())
