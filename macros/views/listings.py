"""Index pages: the framework list, the attribute list, the compare page and the home summary."""

from __future__ import annotations

from macros.views.common import Links, render
from macros.views.site_data import SiteData


STATUS_GROUPS = {"active": "Actively developed", "maintenance": "In maintenance only",
                 "discontinued": "No longer developed"}


def framework_list(site: SiteData, links: Links) -> str:
    """Every framework, grouped by status (the order readers choose in), alphabetically in each group."""
    groups = []
    for status, title in [*STATUS_GROUPS.items(), ("unknown", "Status not sourced")]:
        items = [{"fw": fw, "href": links.framework(fw.id), "status": site.status(fw)} for fw in site.frameworks
                 if site.status(fw) == status or (status == "unknown" and site.status(fw) not in STATUS_GROUPS)]
        if items:
            groups.append({"id": f"status-{status}", "title": title, "items": items})
    return render("framework_list.html", groups=groups)


def attribute_list(site: SiteData, links: Links) -> str:
    items = [{"a": a, "href": links.attribute(a.id),
              "rated": sum(1 for fw in site.frameworks if a.id in fw.verdicts)} for a in site.attributes]
    return render("attribute_list.html", items=items, total=len(site.frameworks))


def compare_page(site: SiteData, links: Links) -> str:
    pairs = [{"a": a, "b": b, "href": links.pair(site.pair_slug(a.id, b.id))} for a, b in site.static_pairs]
    return render("compare.html", frameworks=site.frameworks, pairs=pairs, api=links.page("api/frameworks.json"),
                  root=links.root)


def data_summary(site: SiteData, links: Links) -> str:
    return render(
        "data_summary.html",
        frameworks=len(site.frameworks),
        claims=len(site.data.claims),
        sources=len(site.data.sources),
        disputes=len(site.disputes),
        refuted=sum(1 for c in site.data.claims if c.refuted),
        data_date=str(site.data_date),
        links=links,
    )
