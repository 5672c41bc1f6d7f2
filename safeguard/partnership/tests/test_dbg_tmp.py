def test_dbg(client, luton_partnership):
    from safeguard.partnership.models import NewsArticlePage
    from wagtail.models import Site
    a = NewsArticlePage.objects.get(slug="borders-and-luton-airport")
    print("\nURLPATH", a.url_path, "PARTS", a.get_url_parts(), "ROOTS", Site.get_site_root_paths(), list(Site.objects.values()))
