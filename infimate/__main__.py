from infimate.cli.main import main

raise SystemExit(main())
