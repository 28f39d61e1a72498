"""`make bench`: every benchmark in turn; JSON results under bench/results/."""

from . import aftersale, audit, dispute, gateway, listing, live, metrics, propagation

if __name__ == "__main__":
    propagation.main()
    gateway.main()
    aftersale.main()
    dispute.main()
    listing.main()
    live.main()
    metrics.main()
    audit.main()
