"""Command line.

    python -m npjax run [--root DIR] [--profile DIR] script.py [args...]
    python -m npjax run [--root DIR] [--profile DIR] -m module [args...]
    python -m npjax compare [--rtol R] [--atol A] [--json] script.py [args...]
    python -m npjax coverage [--markdown FILE]
"""
import argparse
import sys


def _parser():
    parser = argparse.ArgumentParser(prog="python -m npjax")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run an unchanged NumPy script on npjax")
    run.add_argument("--root", help="directory of the user's own code (default: the "
                                    "script's directory)")
    run.add_argument("--profile", metavar="DIR", help="write a JAX profiler trace to DIR and "
                                                     "print npjax's counters")
    run.add_argument("-m", dest="module", action="store_true",
                     help="run a module (like python -m)")
    run.add_argument("target", help="script path (or module name with -m)")
    run.add_argument("args", nargs=argparse.REMAINDER)
    cmp_ = sub.add_parser("compare", help="run a script under NumPy and under npjax and "
                                          "report every difference and the speed-up")
    cmp_.add_argument("--rtol", type=float, default=1e-5)
    cmp_.add_argument("--atol", type=float, default=1e-8)
    cmp_.add_argument("--json", action="store_true", help="machine-readable report")
    cmp_.add_argument("script")
    cmp_.add_argument("args", nargs=argparse.REMAINDER)
    cov = sub.add_parser("coverage", help="native/fallback/missing counts per NumPy namespace")
    cov.add_argument("--markdown", metavar="FILE", help="write the markdown table to FILE")
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command == "run":
        from .tools import run
        run.run(args.target, args.args, module=args.module, root=args.root,
                profile=args.profile)
        return 0
    if args.command == "compare":
        from .tools import compare
        return compare.main(args.script, args.args, args.rtol, args.atol, args.json)
    if args.command == "coverage":
        from . import _coverage
        rep = _coverage.report()
        print(_coverage.text(rep))
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(_coverage.markdown(rep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
