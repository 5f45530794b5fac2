"""Entry point of the frozen program (both executables): the same as `ame-desktop` / `python -m ame_desktop`.

Without arguments the window opens; with a sub-command it works as the command line.
"""

import multiprocessing

from ame_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless; needed should anything ever start a worker process
    raise SystemExit(main())
