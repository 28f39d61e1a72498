"""The HTTP gateway: the public API over the five services. Routes live per domain in gateway/routes/ and delegate
to RPC with a timeout; this class combines them with the dependencies they use."""

import pymongo
from nameko.extensions import DependencyProvider

from tianping.infra.rpc import TimedRpc
from tianping.lib import config as cfg
from tianping.lib.logs import WorkerContext
from tianping.platform import health, testclock

from .auth import Authenticator
from .console import ConsoleRoutes
from .console.oidc import Oidc
from .guards import Idempotency, RateLimiter
from .routes.aftersale import AftersaleRoutes
from .routes.audit import AuditRoutes
from .routes.blacklist import BlacklistRoutes
from .routes.dispute import DisputeRoutes
from .routes.listing import ListingRoutes
from .routes.live import LiveRoutes
from .routes.mcn_conduct import McnConductRoutes
from .routes.onboarding import OnboardingRoutes
from .routes.reputation import ReputationRoutes
from .routes.review import ReviewRoutes
from .routes.sanctions import SanctionRoutes
from .routes.system import SystemRoutes
from .routes.testclock import TestClockRoutes


class AuthProvider(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.authenticator = Authenticator(config.get("JWT_SECRET") or None, config.get("JWT_PUBLIC_KEY") or None,
                                           config.get("JWT_JWKS_URL") or None, config.get("JWT_AUDIENCE") or None,
                                           config.get("JWT_ISSUER") or None, config.get("JWT_SECRET_PREVIOUS") or None,
                                           config.get("JWT_JWKS_FILE") or None)

    def get_dependency(self, worker_ctx):
        return self.authenticator


class StoreProbe(DependencyProvider):
    """Pings MongoDB for /readyz with a short timeout (the gateway owns no domain data)."""

    def setup(self):
        uri = self.container.config.get("MONGODB_URI") or cfg.env("MONGODB_URI")
        self.client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=1500, connectTimeoutMS=1500) if uri else None

    def stop(self):
        if self.client is not None:
            self.client.close()

    def get_dependency(self, worker_ctx):
        return self


class GatewayService(health.ServiceBase, SystemRoutes, OnboardingRoutes, ReputationRoutes, BlacklistRoutes,
                     AftersaleRoutes, DisputeRoutes, ListingRoutes, ReviewRoutes, AuditRoutes, TestClockRoutes,
                     SanctionRoutes, ConsoleRoutes, LiveRoutes, McnConductRoutes):
    name = "gateway"

    rpc = TimedRpc()
    authenticator = AuthProvider()
    store = StoreProbe()
    request_context = WorkerContext()
    idempotency = Idempotency()
    rate_limiter = RateLimiter()
    test_clock = testclock.TestClock()
    oidc = Oidc()
