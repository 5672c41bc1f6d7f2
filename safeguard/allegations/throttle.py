"""The public referral form's rate limit (docs/adr/0009-lado-public-referral-form.md): the shared
mechanism in `core.throttle`, counted per client address against `LADO_REFERRAL_RATE`."""

from safeguard.core.throttle import RateLimit, client_address

LADO_REFERRAL = RateLimit("lado-refer", "LADO_REFERRAL_RATE")
retry_after = LADO_REFERRAL.retry_after
note = LADO_REFERRAL.note

__all__ = ["LADO_REFERRAL", "client_address", "note", "retry_after"]
