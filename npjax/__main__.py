"""Command line.

    python -m npjax run [--root DIR] [--profile DIR] [--stats] [-v] script.py [args...]
    python -m npjax run [...] -m module [args...]
    python -m npjax compare [--rtol R] [--atol A] [--json] [--root DIR] script.py [args...]
    python -m npjax coverage [--markdown FILE]
"""
import argparse
import sys


def _parser():
    parser = argparse.ArgumentParser(prog="python -m npjax")
    sub = parser.add_subparsers(dest="command", required=True)
    # run and compare parse their own options (everything after the script is the
    # script's); they are listed here for --help
    sub.add_parser("run", add_help=False,
                   help="run an unchanged NumPy script on npjax (run --help for options)")
    sub.add_parser("compare", add_help=False,
                   help="run a script under NumPy and under npjax, report every difference "
                        "and the speed-up (compare --help for options)")
    cov = sub.add_parser("coverage", help="native/fallback/missing counts per NumPy namespace")
    cov.add_argument("--markdown", metavar="FILE", help="write the markdown table to FILE")
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["run"]:
        from .tools import run
        return run.main(argv[1:])
    if argv[:1] == ["compare"]:
        from .tools import compare
        return compare.main(argv[1:])
    args = _parser().parse_args(argv)
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
