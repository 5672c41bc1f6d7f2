from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["name"] = user.get_full_name() or user.username
    claims["preferred_username"] = user.username
    return claims


class GroupsScopeClaims(ScopeClaims):
    """The "groups" scope gives the person's groups, as Entra ID's groups claim does."""

    info_groups = ("Groups", "The groups you are in.")

    def scope_groups(self):
        return {"groups": list(self.user.groups.values_list("name", flat=True))}
