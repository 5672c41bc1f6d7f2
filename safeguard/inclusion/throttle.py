"""The public referral form's rate limit: the shared mechanism in `core.throttle`, per client address,
against CME_REFERRAL_RATE."""

from safeguard.core.throttle import RateLimit

CME_REFERRAL = RateLimit("cme-refer", "CME_REFERRAL_RATE")
