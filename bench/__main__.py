"""`make bench`: every benchmark in turn; JSON results under bench/results/."""

from . import aftersale, audit, dispute, gateway, listing, metrics, propagation

if __name__ == "__main__":
    propagation.main()
    gateway.main()
    aftersale.main()
    dispute.main()
    listing.main()
    metrics.main()
    audit.main()
