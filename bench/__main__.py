"""`make bench`: every benchmark in turn; JSON results under bench/results/."""

from . import gateway, propagation

if __name__ == "__main__":
    propagation.main()
    gateway.main()
