import sys

from bench.envs import main

raise SystemExit(main(sys.argv[1:]))
