"""``python -m dkm_lib ...`` runs the command line (see ``dkm_lib.cli``)."""
import sys

from .cli import main

if __name__ == "__main__":  # not when a spawned worker process imports it
    sys.exit(main())
