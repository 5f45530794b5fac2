from ame_desktop.cli import main

raise SystemExit(main())
