from infimate.cli import main

raise SystemExit(main())
