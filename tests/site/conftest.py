"""Site tests without a browser: they read the built HTML (see the sitefixtures package)."""

from sitefixtures import built_site, site_http_server  # noqa: F401  (pytest fixtures)
