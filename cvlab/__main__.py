from cvlab.cli import main

raise SystemExit(main())
