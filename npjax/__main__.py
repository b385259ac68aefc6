"""Command line: `python -m npjax coverage [--markdown FILE]`."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m npjax")
    sub = parser.add_subparsers(dest="command", required=True)
    cov = sub.add_parser("coverage", help="native/fallback/missing counts per NumPy namespace")
    cov.add_argument("--markdown", metavar="FILE", help="write the markdown table to FILE")
    args = parser.parse_args(argv)
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
