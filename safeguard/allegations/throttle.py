"""The public referral form's rate limit (docs/adr/0009-lado-public-referral-form.md): the shared
mechanism in `core.throttle`, counted per client address against `LADO_REFERRAL_RATE`."""

from safeguard.core.throttle import RateLimit, client_address

LADO_REFERRAL = RateLimit("lado-refer", "LADO_REFERRAL_RATE")
admit = LADO_REFERRAL.admit
release = LADO_REFERRAL.release
retry_after = LADO_REFERRAL.retry_after

__all__ = ["LADO_REFERRAL", "admit", "client_address", "release", "retry_after"]
