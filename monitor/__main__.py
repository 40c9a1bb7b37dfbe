"""`python -m monitor`: the same command as `monitor`."""

from monitor.review.cli import main

if __name__ == "__main__":
    main()
